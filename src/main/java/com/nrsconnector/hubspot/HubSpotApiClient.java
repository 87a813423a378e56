package com.nrsconnector.hubspot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Calls HubSpot's API on behalf of a portal through the Camel route {@code direct:hubspot-api} (OAuth token, per-portal
 * rate limit, HTTP, status check), so every call shows in the route metrics and error handling. Failures arrive as
 * {@link HubSpotApiException}s that say whether a retry makes sense.
 */
@ApplicationScoped
public class HubSpotApiClient {

    @Inject
    ProducerTemplate producer;

    public JsonNode post(long portalId, String path, Object body) {
        return call(HubSpotRequest.post(portalId, path, body));
    }

    public JsonNode call(HubSpotRequest request) {
        try {
            return producer.requestBody(HubSpotCall.API, request, JsonNode.class);
        } catch (CamelExecutionException e) {
            throw unwrap(e);
        }
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

    /** The route's own failure, as the caller should see it (Camel wraps what a bean expression throws). */
    static RuntimeException unwrap(CamelExecutionException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof HubSpotApiException hubspot) {
                return hubspot;
            }
        }
        return e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
}
