package com.nrsconnector.sandbox;

import static com.nrsconnector.sandbox.HubSpotErrors.error;
import static com.nrsconnector.sandbox.HubSpotErrors.standardError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.ConnectorConfig;

import io.vertx.ext.web.RoutingContext;

/**
 * The contacts of the HubSpot stand-in, each of one portal: the demo contacts, the sandbox controls that create,
 * replace and read them, and HubSpot's contacts API as the connector calls it (batch read, batch update, read and
 * update of one). The API serves a contact only to its own portal's tokens, and leaves out the properties a contact
 * has no value for, as HubSpot does.
 */
@ApplicationScoped
public class HubSpotContactsSandbox {

    private final Map<String, Map<String, String>> contacts = new ConcurrentHashMap<>();
    /** The portal each contact belongs to; the API serves a contact only to its own portal's tokens. */
    private final Map<String, Long> contactPortals = new ConcurrentHashMap<>();
    /**
     * Ids of created contacts and deals. The stand-in forgets them on a restart but the database keeps their messages,
     * so each start draws from its own range (by the start time) and never hands out an id a previous start used.
     */
    private final AtomicLong nextContactId = new AtomicLong(2001 + (System.currentTimeMillis() % 100_000_000L) * 100);

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    /** An id for a new contact or deal, never one a contact or deal of this start or a previous one has. */
    String nextRecordId() {
        return Long.toString(nextContactId.getAndIncrement());
    }

    /** A contact's properties whatever its portal (the enrollment control names contacts of any portal), or null. */
    Map<String, String> contact(String id) {
        return contacts.get(id);
    }

    /** The names of the properties any contact held here has a value for. */
    Set<String> propertyNames() {
        Set<String> names = new TreeSet<>();
        contacts.values().forEach(contact -> names.addAll(contact.keySet()));
        return names;
    }

    void seedDemoContacts() {
        putContact(
                "1001",
                Map.of(
                        "firstname",
                        "Ana",
                        "lastname",
                        "García",
                        "email",
                        "ana@example.com",
                        "mobilephone",
                        "+34 612 345 678",
                        "hs_marketable_status",
                        "true"));
        putContact(
                "1002",
                Map.of(
                        "firstname",
                        "João",
                        "lastname",
                        "Silva",
                        "email",
                        "joao@example.com",
                        "mobilephone",
                        "912 345 678",
                        "mobile_prefix_360nrs",
                        "351",
                        "hs_marketable_status",
                        "true"));
        putContact(
                "1003",
                Map.of(
                        "firstname",
                        "Lucía",
                        "lastname",
                        "Martín",
                        "email",
                        "lucia@example.com",
                        "phone",
                        "600 000 002",
                        "hs_marketable_status",
                        "true"));
        putContact(
                "1004",
                Map.of(
                        "firstname",
                        "Pedro",
                        "lastname",
                        "Sin Teléfono",
                        "email",
                        "pedro@example.com",
                        "hs_marketable_status",
                        "true"));
    }

    private void putContact(String id, Map<String, String> properties) {
        contacts.put(id, new ConcurrentHashMap<>(properties));
        contactPortals.put(id, config.sandbox().demoPortalId());
    }

    /** The contact with this id if it belongs to the portal, as HubSpot serves a portal only its own records. */
    Map<String, String> contactOf(long portalId, String id) {
        Long owner = contactPortals.get(id);
        return owner != null && owner == portalId ? contacts.get(id) : null;
    }

    void upsertContact(RoutingContext ctx) {
        JsonNode body = SandboxRequestBodies.json(ctx, json);
        if (body == null || !body.path("properties").isObject()) {
            SandboxResponses.json(ctx, json, 400, error("body must be {\"id\": optional, \"properties\": {...}}"));
            return;
        }
        String id = body.hasNonNull("id") ? body.get("id").asText() : nextRecordId();
        long portalId = body.path("portalId").asLong(config.sandbox().demoPortalId());
        Map<String, String> properties = contacts.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
        contactPortals.put(id, portalId);
        body.get("properties").fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                properties.remove(f.getKey());
            } else {
                properties.put(f.getKey(), f.getValue().asText());
            }
        });
        SandboxResponses.json(ctx, json, 200, Map.of("id", id));
    }

    /**
     * {@code {"inputs": [{"id": "...", "portalId": optional, "properties": {...}}, ...]}}: many contacts at once (a
     * load run's recipients), each created or replaced whole; answers {@code {"count": n}}.
     */
    void upsertContacts(RoutingContext ctx) {
        JsonNode body = SandboxRequestBodies.json(ctx, json);
        if (body == null || !body.path("inputs").isArray()) {
            SandboxResponses.json(
                    ctx, json, 400, error("body must be {\"inputs\": [{\"id\": \"...\", \"properties\": {...}}]}"));
            return;
        }
        for (JsonNode input : body.get("inputs")) {
            if (!input.path("id").isTextual() || !input.path("properties").isObject()) {
                SandboxResponses.json(ctx, json, 400, error("each input needs an id and properties"));
                return;
            }
        }
        for (JsonNode input : body.get("inputs")) {
            Map<String, String> properties = new ConcurrentHashMap<>();
            input.get("properties").fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) {
                    properties.put(f.getKey(), f.getValue().asText());
                }
            });
            String id = input.get("id").asText();
            contacts.put(id, properties);
            contactPortals.put(
                    id, input.path("portalId").asLong(config.sandbox().demoPortalId()));
        }
        SandboxResponses.json(ctx, json, 200, Map.of("count", body.get("inputs").size()));
    }

    /** A contact's properties as the connector last wrote or read them (opt-out property included). */
    void readContact(RoutingContext ctx) {
        Map<String, String> contact = contacts.get(ctx.pathParam("id"));
        if (contact == null) {
            SandboxResponses.json(ctx, json, 404, error("no sandbox contact " + ctx.pathParam("id")));
            return;
        }
        SandboxResponses.json(ctx, json, 200, Map.of("id", ctx.pathParam("id"), "properties", Map.copyOf(contact)));
    }

    /** The contacts API: batch read and update, read and update of one contact. */
    void api(RoutingContext ctx, String path, JsonNode body, long portalId) {
        if (path.equals("/crm/v3/objects/contacts/batch/read")) {
            List<Map<String, Object>> results = new ArrayList<>();
            List<Map<String, Object>> errors = new ArrayList<>();
            for (JsonNode input : body.path("inputs")) {
                String id = input.path("id").asText();
                Map<String, String> contact = contactOf(portalId, id);
                if (contact == null) {
                    errors.add(standardError(
                            "OBJECT_NOT_FOUND",
                            "Could not get some CONTACT objects, they may be "
                                    + "deleted or not exist. Check that ids are valid.",
                            Map.of("ids", List.of(id))));
                    continue;
                }
                // Like HubSpot: a property the contact has no value for is left out, not answered as null.
                Map<String, String> props = new LinkedHashMap<>();
                for (JsonNode name : body.path("properties")) {
                    String value = contact.get(name.asText());
                    if (value != null) {
                        props.put(name.asText(), value);
                    }
                }
                results.add(batchResult(id, props));
            }
            batchAnswer(ctx, results, errors);
            return;
        }
        if (path.equals("/crm/v3/objects/contacts/batch/update")) {
            batchUpdateContacts(ctx, body, portalId);
            return;
        }
        String prefix = "/crm/v3/objects/contacts/";
        if (path.startsWith(prefix)) {
            String id = path.substring(prefix.length());
            Map<String, String> contact = contactOf(portalId, id);
            if (contact == null) {
                SandboxResponses.json(
                        ctx,
                        json,
                        404,
                        HubSpotErrors.error("OBJECT_NOT_FOUND", "Object not found. objectId are usually numeric."));
                return;
            }
            if ("PATCH".equals(ctx.request().method().name())) {
                body.path("properties")
                        .fields()
                        .forEachRemaining(
                                f -> contact.put(f.getKey(), f.getValue().asText()));
            }
            SandboxResponses.json(ctx, json, 200, Map.of("id", id, "properties", contact, "archived", false));
            return;
        }
        SandboxResponses.json(ctx, json, 404, error("not served by the sandbox: " + path));
    }

    /** Like HubSpot: the known contacts are updated, unknown ids are errors of a 207 answer. */
    private void batchUpdateContacts(RoutingContext ctx, JsonNode body, long portalId) {
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (JsonNode input : body.path("inputs")) {
            String id = input.path("id").asText();
            Map<String, String> contact = contactOf(portalId, id);
            if (contact == null) {
                errors.add(Map.of(
                        "status", "error", "category", "OBJECT_NOT_FOUND", "context", Map.of("ids", List.of(id))));
                continue;
            }
            input.path("properties")
                    .fields()
                    .forEachRemaining(f -> contact.put(f.getKey(), f.getValue().asText()));
            results.add(batchResult(id, Map.copyOf(contact)));
        }
        batchAnswer(ctx, results, errors);
    }

    private static Map<String, Object> batchResult(String id, Map<String, String> properties) {
        return Map.of(
                "id",
                id,
                "properties",
                properties,
                "archived",
                false,
                "createdAt",
                "2026-01-01T00:00:00Z",
                "updatedAt",
                Instant.now().toString());
    }

    /** HubSpot's batch answer: 200 when every input was done, 207 with the errors otherwise. */
    private void batchAnswer(RoutingContext ctx, List<Map<String, Object>> results, List<Map<String, Object>> errors) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "COMPLETE");
        answer.put("results", results);
        answer.put("startedAt", Instant.now().toString());
        answer.put("completedAt", Instant.now().toString());
        if (!errors.isEmpty()) {
            answer.put("numErrors", errors.size());
            answer.put("errors", errors);
        }
        SandboxResponses.json(ctx, json, errors.isEmpty() ? 200 : 207, answer);
    }
}
