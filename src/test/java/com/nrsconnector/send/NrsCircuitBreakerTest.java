package com.nrsconnector.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.nrsconnector.nrs.NrsSmsRequestFactory;
import com.nrsconnector.nrs.TransientProviderException;
import com.nrsconnector.support.TestConnectorConfig;

/**
 * One breaker per 360nrs account: only failures that say 360nrs is in trouble count, one account's failures open
 * only its breaker, and while it is open its sends are told how long to wait.
 */
class NrsCircuitBreakerTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final NrsCircuitBreaker breakers = new NrsCircuitBreaker(TestConnectorConfig.production(Map.of(
                    "connector.nrs.breaker.minimum-number-of-calls", "4",
                    "connector.nrs.breaker.sliding-window-size", "4",
                    "connector.nrs.breaker.wait-in-open-state", "PT30S"))
            .nrs()
            .breaker());

    @Test
    void oneAccountsTroubleOpensOnlyItsBreaker() {
        for (int i = 0; i < 4; i++) {
            call("down", new TransientProviderException("360nrs answered HTTP 503", false));
            call("up", null);
        }
        assertEquals("OPEN", breakers.states().get("down"));
        assertEquals("CLOSED", breakers.states().get("up"));
        assertFalse(breakers.permit(exchange("down")), "no call while open");
        assertTrue(breakers.permit(exchange("up")));

        Duration wait = breakers.waitFor("down").orElseThrow();
        assertTrue(
                wait.compareTo(Duration.ofSeconds(30)) <= 0 && wait.compareTo(Duration.ofSeconds(20)) > 0,
                "the rest of the open period: " + wait);
        assertEquals(Optional.empty(), breakers.waitFor("up"));
    }

    @Test
    void noAnswerInTimeCountsButAFailureOfTheConnectorsOwnStepsDoesNot() {
        for (int i = 0; i < 4; i++) {
            call("own-steps", new IllegalStateException("a route step failed"));
        }
        assertEquals("CLOSED", breakers.states().get("own-steps"));
        assertEquals(
                0, breakers.forAccount("own-steps").getMetrics().getNumberOfBufferedCalls(), "given back, not counted");

        for (int i = 0; i < 4; i++) {
            call("slow", new RuntimeException(new SocketTimeoutException("Read timed out")));
        }
        assertEquals("OPEN", breakers.states().get("slow"));
    }

    @Test
    void aPermissionNotReportedIsGivenBackWhenTheExchangeEnds() {
        breakers.forAccount("probe").transitionToOpenState();
        breakers.forAccount("probe").transitionToHalfOpenState();
        Exchange first = exchange("probe");
        // The default: one trial call while half-open.
        assertTrue(breakers.permit(first));
        assertFalse(breakers.permit(exchange("probe")), "one trial call at a time");
        // The send was not made after all (e.g. its lease was taken over): the trial call is free again.
        done(first);
        assertTrue(breakers.permit(exchange("probe")));
    }

    @Test
    void aForcedOpenBreakerMakesSendsWaitTheWholePeriod() {
        breakers.forAccount("forced").transitionToForcedOpenState();
        assertEquals(Optional.of(Duration.ofSeconds(30)), breakers.waitFor("forced"));
        assertEquals("FORCED_OPEN", breakers.states().get("forced"));
    }

    /** One call through the route's steps: permit, the request, then succeeded or failed. */
    private void call(String account, RuntimeException failure) {
        Exchange exchange = exchange(account);
        assertTrue(breakers.permit(exchange));
        exchange.setProperty(NrsSmsRequestFactory.REQUEST_STARTED, true);
        if (failure == null) {
            breakers.succeeded(exchange);
        } else {
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
            breakers.failed(exchange);
        }
        done(exchange);
    }

    private Exchange exchange(String account) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty("nrsAccount", account);
        return exchange;
    }

    /** What the end of the exchange's unit of work does: its completions run. */
    private static void done(Exchange exchange) {
        exchange.getExchangeExtension().handoverCompletions().forEach(sync -> sync.onComplete(exchange));
    }
}
