package com.nrsconnector.sandbox;

import static com.nrsconnector.sandbox.HubSpotErrors.error;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.ConnectorConfig;

import io.vertx.ext.web.RoutingContext;

/**
 * The deals of the HubSpot stand-in, for deal-based workflows: the control that creates a deal with its contacts, and
 * the deal-to-contact associations read (v4, paged as HubSpot pages it) through which the connector finds whom to send
 * to.
 */
@ApplicationScoped
public class HubSpotDealsSandbox {

    /** The associations v4 API; no copy of its spec ships with the connector, so its reads are served unchecked. */
    static final String ASSOCIATIONS_PATH = "/crm/v4/objects/";

    private final Map<String, SandboxDeal> deals = new ConcurrentHashMap<>();

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    HubSpotContactsSandbox contacts;

    /** The deal with this id, whatever its portal, or null. */
    SandboxDeal deal(String id) {
        return deals.get(id);
    }

    /** A deal of one portal with its associated contacts (HubSpot's deal-to-contact association, type 3). */
    record SandboxDeal(String id, long portalId, Map<String, String> properties, List<String> contactIds) {}

    void upsertDeal(RoutingContext ctx) {
        JsonNode body = SandboxRequestBodies.json(ctx, json);
        if (body == null
                || !body.path("contactIds").isArray()
                || (body.has("properties") && !body.get("properties").isObject())) {
            SandboxResponses.json(
                    ctx,
                    json,
                    400,
                    error("body must be {\"id\": optional, \"portalId\": optional, "
                            + "\"properties\": {...}, \"contactIds\": [...]}"));
            return;
        }
        String id = body.hasNonNull("id") ? body.get("id").asText() : contacts.nextRecordId();
        long portalId = body.path("portalId").asLong(config.sandbox().demoPortalId());
        Map<String, String> properties = new LinkedHashMap<>();
        body.path("properties").fields().forEachRemaining(f -> {
            if (!f.getValue().isNull()) {
                properties.put(f.getKey(), f.getValue().asText());
            }
        });
        List<String> contactIds = new ArrayList<>();
        body.get("contactIds").forEach(c -> contactIds.add(c.asText()));
        deals.put(id, new SandboxDeal(id, portalId, properties, List.copyOf(contactIds)));
        SandboxResponses.json(ctx, json, 200, Map.of("id", id));
    }

    /** GET /crm/v4/objects/deals/{dealId}/associations/contacts, paged like HubSpot ({@code limit}, {@code after}). */
    void associations(RoutingContext ctx, String path, long portalId) {
        String[] parts = path.substring(ASSOCIATIONS_PATH.length()).split("/");
        if (!"GET".equals(ctx.request().method().name())
                || parts.length != 4
                || !"deals".equals(parts[0])
                || !"associations".equals(parts[2])
                || !"contacts".equals(parts[3])) {
            SandboxResponses.json(ctx, json, 404, error("not served by the sandbox: " + path));
            return;
        }
        SandboxDeal deal = deals.get(parts[1]);
        if (deal == null || deal.portalId() != portalId) {
            SandboxResponses.json(
                    ctx,
                    json,
                    404,
                    HubSpotErrors.correlatedError(
                            "OBJECT_NOT_FOUND", "Object not found. objectId are usually numeric."));
            return;
        }
        int limit = Math.max(1, Math.min(500, parseInt(ctx.queryParams().get("limit"), 500)));
        int from = Math.max(0, parseInt(ctx.queryParams().get("after"), 0));
        List<String> ids = deal.contactIds();
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = from; i < Math.min(ids.size(), from + limit); i++) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("toObjectId", Long.parseLong(ids.get(i)));
            result.put(
                    "associationTypes",
                    List.of(Map.of("category", "HUBSPOT_DEFINED", "typeId", 3, "label", "Contact")));
            results.add(result);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("results", results);
        if (from + limit < ids.size()) {
            String after = Integer.toString(from + limit);
            answer.put("paging", Map.of("next", Map.of("after", after, "link", "?after=" + after)));
        }
        SandboxResponses.json(ctx, json, 200, answer);
    }

    private static int parseInt(String value, int otherwise) {
        try {
            return value == null ? otherwise : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
