package com.nrsconnector.hubspot;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Calls HubSpot's API on behalf of a portal through the Camel route {@code direct:hubspot-api} (OAuth token, per-portal
 * rate limit, HTTP, status check), so every call shows in the route metrics and error handling. Failures arrive as
 * {@link HubSpotApiException}s that say whether a retry makes sense.
 */
@ApplicationScoped
public class HubSpotApiClient {

    /** 100 pages of 500: a deal with more contacts than this is refused rather than read without end. */
    private static final int MAX_ASSOCIATION_PAGES = 100;

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
    public Map<String, Map<String, String>> batchReadContacts(
            long portalId, List<String> ids, List<String> properties) {
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

    /**
     * The ids of the contacts associated with a deal (associations v4, 500 a page, every page read), in HubSpot's
     * order, each once.
     */
    public List<String> associatedContactIds(long portalId, String dealId) {
        Set<String> ids = new LinkedHashSet<>();
        String after = null;
        for (int page = 0; page < MAX_ASSOCIATION_PAGES; page++) {
            String path = "/crm/v4/objects/deals/" + URLEncoder.encode(dealId, StandardCharsets.UTF_8)
                    + "/associations/contacts?limit=500"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            JsonNode answer = call(HubSpotRequest.get(portalId, path));
            for (JsonNode result : answer.path("results")) {
                JsonNode id = result.path("toObjectId");
                if (id.isIntegralNumber() || (id.isTextual() && !id.asText().isBlank())) {
                    ids.add(id.asText());
                }
            }
            JsonNode next = answer.path("paging").path("next").path("after");
            if (!next.isTextual() || next.asText().isBlank()) {
                return List.copyOf(ids);
            }
            after = next.asText();
        }
        throw new HubSpotApiException(
                "HubSpot GET deal " + dealId + " associations: more than " + MAX_ASSOCIATION_PAGES * 500 + " contacts",
                0,
                false,
                null);
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
