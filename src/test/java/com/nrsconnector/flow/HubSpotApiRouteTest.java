package com.nrsconnector.flow;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.hubspot.HubSpotApiClient;
import com.nrsconnector.store.Portal;
import com.nrsconnector.store.PortalStore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Every HubSpot call of the connector goes through the hubspot-api route, against the HubSpot stand-in. */
@QuarkusTest
class HubSpotApiRouteTest {

    private static final String TIMELINE_BATCH = "/integrators/timeline/2026-03/events/batch";
    private static final String COMPLETE_BATCH = "/automation/v4/actions/callbacks/complete";
    private static final String TOKEN = "/oauth/v3/token";

    @Inject
    CamelContext camel;

    @Inject
    MeterRegistry meters;

    @Inject
    PortalStore portals;

    @Inject
    HubSpotApiClient hubspot;

    @Inject
    ConnectorConfig config;

    @Test
    void timelineEventsAndCompletionsAreWrittenThroughTheRoute() {
        assertNotNull(camel.getRoute("hubspot-api"));
        double callsBefore = exchanges("hubspot-api");
        double succeededBefore = succeeded("hubspot-api");
        long timelineBefore = hubspotRequests(TIMELINE_BATCH);
        long completionsBefore = hubspotRequests(COMPLETE_BATCH);

        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 301"));
        JsonPath answer = Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Ruta " + Sandbox.marker()));
        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                contains("SMS_SENT", "SMS_DELIVERED"));
        String callbackId = answer.getString("callbackId");
        await().atMost(Sandbox.WAIT)
                .until(() -> Sandbox.completions().stream().anyMatch(c -> callbackId.equals(c.get("callbackId"))));

        assertThat(hubspotRequests(TIMELINE_BATCH), greaterThan(timelineBefore));
        assertThat(hubspotRequests(COMPLETE_BATCH), greaterThan(completionsBefore));
        // At least one timeline batch and one completion batch went through the route.
        assertThat(exchanges("hubspot-api"), greaterThanOrEqualTo(callsBefore + 2));
        assertThat(succeeded("hubspot-api"), greaterThanOrEqualTo(succeededBefore + 2));
    }

    @Test
    void aTokenNearItsExpiryIsRefreshedThroughTheTokenRouteFirst() {
        long portalId = config.sandbox().demoPortalId();
        Portal portal = portals.find(portalId).orElseThrow();
        Instant nearExpiry =
                Instant.now().plus(config.hubspot().tokenRefreshMargin()).minusSeconds(60);
        portals.saveTokens(portalId, "near-expiry-access-token", portal.hubspotRefreshToken(), nearExpiry);
        long refreshesBefore = hubspotRequests(TOKEN);
        double tokenRouteBefore = exchanges("hubspot-oauth-token");

        Map<String, Map<String, String>> found =
                hubspot.batchReadContacts(portalId, List.of("1001"), List.of("firstname"));

        assertEquals("Ana", found.get("1001").get("firstname"));
        assertThat(hubspotRequests(TOKEN), greaterThan(refreshesBefore));
        assertThat(exchanges("hubspot-oauth-token"), greaterThan(tokenRouteBefore));
        Portal refreshed = portals.find(portalId).orElseThrow();
        assertNotEquals("near-expiry-access-token", refreshed.hubspotAccessToken());
        assertThat(refreshed.hubspotTokenExpiresAt(), greaterThan(nearExpiry));
    }

    @Test
    void aRefusedTokenIsRefreshedOnceAndTheCallRetried() {
        long portalId = config.sandbox().demoPortalId();
        Portal portal = portals.find(portalId).orElseThrow();
        // A token the stand-in never issued, stored as if it were good for a day: HubSpot answers 401.
        portals.saveTokens(
                portalId,
                "revoked-access-token",
                portal.hubspotRefreshToken(),
                Instant.now().plus(Duration.ofDays(1)));
        long refreshesBefore = hubspotRequests(TOKEN);

        Map<String, Map<String, String>> found =
                hubspot.batchReadContacts(portalId, List.of("1002"), List.of("firstname"));

        assertEquals("João", found.get("1002").get("firstname"));
        assertThat(hubspotRequests(TOKEN), greaterThan(refreshesBefore));
        assertNotEquals(
                "revoked-access-token", portals.find(portalId).orElseThrow().hubspotAccessToken());
    }

    private double exchanges(String routeId) {
        Counter counter =
                meters.find("camel.exchanges.total").tag("routeId", routeId).counter();
        return counter == null ? 0 : counter.count();
    }

    private double succeeded(String routeId) {
        Counter counter =
                meters.find("camel.exchanges.succeeded").tag("routeId", routeId).counter();
        return counter == null ? 0 : counter.count();
    }

    private static long hubspotRequests(String path) {
        return Sandbox.hubspotRequests().stream()
                .filter(r -> path.equals(r.get("path")))
                .count();
    }
}
