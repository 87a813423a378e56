package com.nrsconnector.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.nrsconnector.support.TestConnectorConfig;

class OutboxPolicyTest {

    private final OutboxPolicy policy = new OutboxPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(20));

    private static HubSpotApiException transientFailure(Duration retryAfter) {
        return new HubSpotApiException("HubSpot answered 503", 503, true, retryAfter);
    }

    @Test
    void backoffDoublesPerAttemptFromTheInitialWait() {
        assertEquals(Duration.ofSeconds(2), policy.backoff(1));
        assertEquals(Duration.ofSeconds(4), policy.backoff(2));
        assertEquals(Duration.ofSeconds(8), policy.backoff(3));
        assertEquals(Duration.ofSeconds(16), policy.backoff(4));
    }

    @Test
    void backoffNeverExceedsTheCap() {
        assertEquals(Duration.ofSeconds(20), policy.backoff(5));
        assertEquals(Duration.ofSeconds(20), policy.backoff(40));
        assertEquals(Duration.ofSeconds(20), policy.backoff(Integer.MAX_VALUE));
    }

    @Test
    void aTransientFailureIsRetriedAfterTheBackoff() {
        OutboxPolicy.Decision decision = policy.decide(3, transientFailure(null));
        assertEquals(new OutboxPolicy.Retry(Duration.ofSeconds(8)), decision);
    }

    @Test
    void retryAfterFromHubSpotWinsOverTheBackoffAndTheCap() {
        HubSpotApiException tooMany =
                new HubSpotApiException("HubSpot answered 429", 429, true, Duration.ofSeconds(45));
        assertEquals(new OutboxPolicy.Retry(Duration.ofSeconds(45)), policy.decide(1, tooMany));
        HubSpotApiException soon = new HubSpotApiException("HubSpot answered 429", 429, true, Duration.ofSeconds(1));
        assertEquals(new OutboxPolicy.Retry(Duration.ofSeconds(1)), policy.decide(4, soon));
    }

    @Test
    void aPermanentRefusalIsGivenUpAtOnce() {
        HubSpotApiException badRequest = new HubSpotApiException("HubSpot answered 400", 400, false, null);
        OutboxPolicy.GiveUp giveUp = assertInstanceOf(OutboxPolicy.GiveUp.class, policy.decide(1, badRequest));
        assertTrue(giveUp.reason().contains("400"), giveUp.reason());
    }

    @Test
    void aTransientFailureIsGivenUpAfterMaxAttempts() {
        assertInstanceOf(OutboxPolicy.Retry.class, policy.decide(4, transientFailure(Duration.ofSeconds(1))));
        OutboxPolicy.GiveUp giveUp =
                assertInstanceOf(OutboxPolicy.GiveUp.class, policy.decide(5, transientFailure(Duration.ofSeconds(1))));
        assertTrue(giveUp.reason().contains("5 attempt"), giveUp.reason());
    }

    @Test
    void anUnexpectedErrorCountsAsTransient() {
        assertEquals(
                new OutboxPolicy.Retry(Duration.ofSeconds(2)), policy.decide(1, new IllegalStateException("boom")));
        assertInstanceOf(OutboxPolicy.GiveUp.class, policy.decide(5, new IllegalStateException("boom")));
    }

    @Test
    void anUnreachableHubSpotIsRetried() {
        HubSpotApiException unreachable = new HubSpotApiException("connection refused", 0, true, null);
        assertEquals(new OutboxPolicy.Retry(Duration.ofSeconds(4)), policy.decide(2, unreachable));
    }

    @Test
    void theConfigurationGivesThePolicy() {
        OutboxPolicy configured = OutboxPolicy.of(TestConnectorConfig.production(Map.of(
                        "connector.outbox.max-attempts",
                        "3",
                        "connector.outbox.initial-backoff",
                        "PT1S",
                        "connector.outbox.max-backoff",
                        "PT3S"))
                .outbox());
        assertEquals(new OutboxPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(3)), configured);
        assertEquals(Duration.ofSeconds(3), configured.backoff(3));
    }

    @Test
    void aPolicyThatCouldNeverRetryIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new OutboxPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new OutboxPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(2)));
    }
}
