package com.nrsconnector.routes;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** Where the error handlers put exchanges that exhausted their retries. */
public class DeadLetterRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // A dead letter that cannot be stored (database down) is logged; it must not turn the caller's answer or its
        // settlement into another failure.
        from("direct:dead-letter")
                .routeId("dead-letter")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .setProperty("deadLetterCause", exchangeProperty(Exchange.EXCEPTION_CAUGHT))
                .doTry()
                .bean("deadLetterStore", "store")
                .doCatch(Exception.class)
                .log(
                        LoggingLevel.ERROR,
                        "a failure of route ${exchangeProperty.CamelFailureRouteId} could not be "
                                + "stored as a dead letter (${exchangeProperty.CamelExceptionCaught}); the failure was: "
                                + "${exchangeProperty.deadLetterCause}")
                .end();
    }
}
