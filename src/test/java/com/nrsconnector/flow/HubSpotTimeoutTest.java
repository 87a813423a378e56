package com.nrsconnector.flow;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.nrsconnector.hubspot.HubSpotApiClient;
import com.nrsconnector.hubspot.HubSpotApiException;
import com.nrsconnector.store.PortalStore;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A HubSpot that never answers ({@link HangingHubSpot}, with a 2 s request timeout): API calls and token refreshes
 * end as a transient, unreachable HubSpotApiException that the callers already retry, instead of waiting for ever.
 */
@QuarkusTest
@TestProfile(HubSpotTimeoutTest.Hanging.class)
class HubSpotTimeoutTest {

    /** Only about liveness: far above the configured 2 s, far below "for ever". */
    private static final Duration LIVENESS = Duration.ofSeconds(60);

    public static class Hanging implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(HangingHubSpot.class));
        }
    }

    @Inject
    HubSpotApiClient hubspot;

    @Inject
    PortalStore portals;

    @Test
    void anApiCallHubSpotNeverAnswersEndsAsUnreachableWithinTheConfiguredTimeout() {
        long portalId = 7_100_001L;
        portals.createIfAbsent(portalId, "hanging-refresh-token", "hanging", "hanging-password", "Europe/Madrid");
        portals.saveTokens(
                portalId,
                "hanging-access-token",
                "hanging-refresh-token",
                Instant.now().plusSeconds(3600));
        int before = HangingHubSpot.RECEIVED.get();

        Instant start = Instant.now();
        HubSpotApiException failure = assertThrows(
                HubSpotApiException.class,
                () -> hubspot.post(portalId, "/integrators/timeline/v3/events", Map.of("eventTemplateId", "1")));

        assertEquals(0, failure.status());
        assertTrue(failure.isTransient(), "a timeout is worth another try");
        assertThat(failure.getMessage(), containsString("failed"));
        assertThat(HangingHubSpot.RECEIVED.get(), greaterThan(before));
        assertThat(Duration.between(start, Instant.now()), lessThan(LIVENESS));
    }

    @Test
    void aTokenRefreshHubSpotNeverAnswersEndsAsUnreachableWithinTheConfiguredTimeout() {
        long portalId = 7_100_002L;
        portals.createIfAbsent(portalId, "hanging-refresh-token", "hanging", "hanging-password", "Europe/Madrid");
        portals.saveTokens(
                portalId,
                "expired-access-token",
                "hanging-refresh-token",
                Instant.now().minusSeconds(60));

        Instant start = Instant.now();
        HubSpotApiException failure = assertThrows(
                HubSpotApiException.class,
                () -> hubspot.post(portalId, "/integrators/timeline/v3/events", Map.of("eventTemplateId", "1")));

        assertEquals(0, failure.status());
        assertTrue(failure.isTransient(), "a timeout is worth another try");
        assertThat(failure.getMessage(), containsString("POST /oauth/v3/token"));
        assertThat(Duration.between(start, Instant.now()), lessThan(LIVENESS));
    }
}
