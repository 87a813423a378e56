package com.nrsconnector.routes;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A route calling 360nrs passes only with markInFlight before the call and a doCatch of every exception that settles. */
class SendOnceCheckTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final SendOnceCheck check = new SendOnceCheck();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void guardedCallPasses() throws Exception {
        assertDoesNotThrow(() -> check.afterConfigure(sending(true, Exception.class, true)));
    }

    @Test
    void callWithoutMarkInFlightIsRefused() throws Exception {
        Exception refused = assertThrows(
                ProtectedRoutesCheck.UnprotectedRouteException.class,
                () -> check.afterConfigure(sending(false, Exception.class, true)));
        assertThat(
                refused.getMessage(),
                containsString(
                        "route send calls direct:nrs-sms-request without " + "nrsSmsRequestFactory.markInFlight"));
    }

    @Test
    void callWhoseFailuresAreNotAllSettledIsRefused() throws Exception {
        for (RouteBuilder builder :
                new RouteBuilder[] {sending(true, IOException.class, true), sending(true, Exception.class, false)}) {
            Exception refused = assertThrows(
                    ProtectedRoutesCheck.UnprotectedRouteException.class, () -> check.afterConfigure(builder));
            assertThat(refused.getMessage(), containsString("outside a doTry whose doCatch takes java.lang.Exception"));
        }
    }

    private RouteBuilder sending(boolean marks, Class<? extends Exception> caught, boolean records) throws Exception {
        RouteBuilder builder = new RouteBuilder() {
            @Override
            public void configure() {
                var attempt = from("seda:send").routeId("send").doTry();
                if (marks) {
                    attempt.bean("nrsSmsRequestFactory", "markInFlight");
                }
                attempt.choice()
                        .when(simple("${body} == 'voice'"))
                        .to("direct:nrs-voice-request")
                        .otherwise()
                        .to("direct:nrs-sms-request")
                        .end();
                var clause = attempt.doCatch(caught).bean("nrsCircuitBreaker", "failed");
                if (records) {
                    clause.bean("sendOutcome", "recordFailure");
                }
                clause.end();
            }
        };
        builder.configureRoutes(camel);
        return builder;
    }
}
