package com.nrsconnector.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the HubSpot stand-in counted for one portal ({@code GET /sandbox/hubspot/rate-limit}): the API requests it
 * received (the connector's; sandbox controls are not counted) and how many of them it answered 429.
 */
public record HubSpotRateCounts(long requests, long rateLimited) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param standInsUrl the base URL of the process serving the stand-ins ({@code http://localhost:8080}) */
    public static HubSpotRateCounts read(HttpClient http, String standInsUrl, long portalId)
            throws IOException, InterruptedException {
        String body = http.send(
                        HttpRequest.newBuilder(URI.create(standInsUrl + "/sandbox/hubspot/rate-limit"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        JsonNode portal = JSON.readTree(body).path("portals").path(Long.toString(portalId));
        return new HubSpotRateCounts(
                portal.path("requests").asLong(), portal.path("rateLimited").asLong());
    }

    /** The requests and 429 answers counted since {@code earlier}. */
    public HubSpotRateCounts since(HubSpotRateCounts earlier) {
        return new HubSpotRateCounts(requests - earlier.requests, rateLimited - earlier.rateLimited);
    }
}
