package com.nrsconnector.hubspot;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.Urls;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.store.Portal;
import com.nrsconnector.store.PortalStore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Calls HubSpot's API on behalf of a portal: keeps the OAuth access token fresh (refreshed before its 30-minute
 * expiry), stays under the per-portal rate limit, and turns failures into {@link HubSpotApiException}s that say
 * whether a retry makes sense. A refresh answered with invalid_grant means the app was uninstalled: the portal is
 * disconnected.
 */
@ApplicationScoped
public class HubSpotApiClient {

    private static final Logger LOG = Logger.getLogger(HubSpotApiClient.class);

    @Inject
    ConnectorConfig config;

    @Inject
    PortalStore portals;

    @Inject
    ObjectMapper json;

    private HttpClient http;
    private PortalRateLimiter rateLimiter;

    @jakarta.annotation.PostConstruct
    void init() {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (config.hubspot().apiBaseUrl().startsWith("http:")) {
            // No cleartext HTTP/2 upgrade (h2c) attempts against a plain-HTTP endpoint such as the sandbox.
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        http = builder.build();
        rateLimiter = new PortalRateLimiter(config.hubspot().rateLimitRequests(), config.hubspot().rateLimitPeriod());
    }

    public JsonNode post(long portalId, String path, Object body) {
        return send(portalId, "POST", path, body);
    }

    /** Contacts batch read (at most 100 ids a call); answers id -> properties. */
    public Map<String, Map<String, String>> batchReadContacts(long portalId, List<String> ids, List<String> properties) {
        Map<String, Map<String, String>> found = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += 100) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 100));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("inputs", chunk.stream().map(id -> Map.of("id", id)).toList());
            body.put("properties", properties);
            body.put("propertiesWithHistory", List.of());
            JsonNode answer = post(portalId, "/crm/v3/objects/contacts/batch/read", body);
            for (JsonNode result : answer.path("results")) {
                Map<String, String> values = new LinkedHashMap<>();
                result.path("properties").fields().forEachRemaining(field -> {
                    if (!field.getValue().isNull()) {
                        values.put(field.getKey(), field.getValue().asText());
                    }
                });
                found.put(result.path("id").asText(), values);
            }
        }
        return found;
    }

    private JsonNode send(long portalId, String method, String path, Object body) {
        String token = accessToken(portalId, false);
        HttpResponse<String> response = call(portalId, method, path, body, token);
        if (response.statusCode() == 401) {
            // One retry with a freshly refreshed token; a second 401 is reported as it is.
            response = call(portalId, method, path, body, accessToken(portalId, true));
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return readJson(response.body());
        }
        boolean transientFailure = status == 429 || status >= 500;
        throw new HubSpotApiException("HubSpot " + method + " " + path + " answered " + status + ": "
                + abbreviate(response.body()), status, transientFailure, retryAfter(response));
    }

    private HttpResponse<String> call(long portalId, String method, String path, Object body, String token) {
        rateLimiter.acquire(portalId);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Urls.join(config.hubspot().apiBaseUrl(), path)))
                    .timeout(config.hubspot().requestTimeout())
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (body == null) {
                request.GET();
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new HubSpotApiException("HubSpot " + method + " " + path + " failed: " + e, 0, true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubSpotApiException("interrupted calling HubSpot", 0, true, null);
        }
    }

    /** The portal's access token, refreshed when it expires within the configured margin (or when forced). */
    synchronized String accessToken(long portalId, boolean forceRefresh) {
        Portal portal = portals.find(portalId)
                .orElseThrow(() -> new HubSpotApiException("portal " + portalId + " is not connected", 404, false, null));
        if (!portal.connected()) {
            throw new HubSpotApiException("portal " + portalId + " is disconnected", 409, false, null);
        }
        Instant expiresAt = portal.hubspotTokenExpiresAt();
        boolean fresh = portal.hubspotAccessToken() != null && expiresAt != null
                && expiresAt.isAfter(Instant.now().plus(config.hubspot().tokenRefreshMargin()));
        if (fresh && !forceRefresh) {
            return portal.hubspotAccessToken();
        }
        if (portal.hubspotRefreshToken() == null) {
            throw new HubSpotApiException("portal " + portalId + " has no refresh token; reconnect it", 409, false, null);
        }
        return refresh(portal);
    }

    private String refresh(Portal portal) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", config.hubspot().clientId());
        form.put("client_secret", config.hubspot().clientSecret());
        form.put("refresh_token", portal.hubspotRefreshToken());
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(Urls.join(config.hubspot().apiBaseUrl(), "/oauth/v1/token")))
                    .timeout(config.hubspot().requestTimeout())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encoded)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new HubSpotApiException("HubSpot token refresh failed: " + e, 0, true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubSpotApiException("interrupted refreshing the HubSpot token", 0, true, null);
        }
        JsonNode answer = readJson(response.body());
        if (response.statusCode() == 400 && "invalid_grant".equals(answer.path("error").asText())) {
            LOG.warnf("portal %d: HubSpot refused the refresh token (invalid_grant); disconnecting it", portal.portalId());
            portals.disconnect(portal.portalId());
            throw new HubSpotApiException("portal " + portal.portalId() + " was uninstalled or revoked", 409, false, null);
        }
        if (response.statusCode() != 200) {
            throw new HubSpotApiException("HubSpot token refresh answered " + response.statusCode() + ": "
                    + abbreviate(response.body()), response.statusCode(), response.statusCode() >= 500, null);
        }
        String accessToken = answer.path("access_token").asText();
        String refreshToken = answer.path("refresh_token").asText(portal.hubspotRefreshToken());
        Instant expiresAt = Instant.now().plusSeconds(answer.path("expires_in").asLong(1800));
        portals.saveTokens(portal.portalId(), accessToken, refreshToken, expiresAt);
        return accessToken;
    }

    private Duration retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElseGet(() -> response.statusCode() == 429
                ? response.headers().firstValue("X-HubSpot-RateLimit-Interval-Milliseconds")
                        .map(ms -> Duration.ofMillis(Long.parseLong(ms.trim()))).orElse(Duration.ofSeconds(10))
                : null);
    }

    private JsonNode readJson(String body) {
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
