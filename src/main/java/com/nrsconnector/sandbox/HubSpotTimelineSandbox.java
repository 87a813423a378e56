package com.nrsconnector.sandbox;

import static com.nrsconnector.sandbox.HubSpotErrors.error;
import static com.nrsconnector.sandbox.HubSpotErrors.standardError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.ConnectorConfig;

import io.vertx.ext.web.RoutingContext;

/**
 * The contacts' timelines in the HubSpot stand-in: the timeline APIs the connector writes its message events with
 * (event templates and app events, single and batch; an event id written again creates nothing new), refusals asked
 * for by tests (some events of a batch, or whole batches), and the controls that read a timeline back and tell when
 * each contact's first event of a type arrived.
 */
@ApplicationScoped
public class HubSpotTimelineSandbox {

    private final Map<String, List<Map<String, Object>>> timelines = new ConcurrentHashMap<>();
    private final Map<String, Boolean> timelineEventIds = new ConcurrentHashMap<>();
    /** Per event type: when the first event of that type reached each contact's timeline (epoch millis). */
    private final Map<String, Map<String, Long>> timelineReceipts = new ConcurrentHashMap<>();
    /** Timeline refusals asked for (contact id -> the error category and how many more events to refuse). */
    private final Map<String, TimelineRefusal> timelineRefusals = new ConcurrentHashMap<>();
    /** Events whose batches are refused as a whole (event id -> the HTTP status, 400 or 409). */
    private final Map<String, Integer> timelineBatchRefusals = new ConcurrentHashMap<>();

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    HubSpotContactsSandbox contacts;

    /** Per event type, how many contacts' timelines have an event of that type. */
    Map<String, Integer> contactsPerEventType() {
        Map<String, Integer> counts = new TreeMap<>();
        timelineReceipts.forEach((type, contactsWithIt) -> counts.put(type, contactsWithIt.size()));
        return counts;
    }

    /** A contact's timeline as the connector wrote it. */
    void readTimeline(RoutingContext ctx) {
        SandboxResponses.json(ctx, json, 200, timelines.getOrDefault(ctx.pathParam("id"), List.of()));
    }

    /** The error category a batch timeline create answers for a contact's next events, and how many more. */
    record TimelineRefusal(String category, AtomicInteger remaining) {}

    /**
     * {@code {"objectId": "1001", "category": "RATE_LIMITS", "times": 1}}: the next {@code times} events for that
     * contact in a batch timeline create are refused with an error item of that category (a 207 answer), as HubSpot
     * refuses some events of a batch and creates the others. With {@code eventId} instead, see
     * {@link #refuseTimelineBatches}.
     */
    void refuseTimelineEvents(RoutingContext ctx) {
        JsonNode body = SandboxRequestBodies.json(ctx, json);
        if (body != null && body.has("eventId")) {
            refuseTimelineBatches(ctx, body);
            return;
        }
        if (body == null
                || !body.path("objectId").isTextual()
                || !body.path("category").asText("").matches("[A-Z_]{1,64}")
                || body.path("times").asInt(1) < 1) {
            SandboxResponses.json(
                    ctx,
                    json,
                    400,
                    error("body must be {\"objectId\": \"...\", \"category\": " + "\"RATE_LIMITS\", \"times\": 1}"));
            return;
        }
        timelineRefusals.put(
                body.get("objectId").asText(),
                new TimelineRefusal(
                        body.get("category").asText(),
                        new AtomicInteger(body.path("times").asInt(1))));
        SandboxResponses.json(
                ctx,
                json,
                200,
                Map.of(
                        "objectId",
                        body.get("objectId").asText(),
                        "category",
                        body.get("category").asText(),
                        "times",
                        body.path("times").asInt(1)));
    }

    /**
     * {@code {"eventId": "...", "status": 400}}: every batch timeline create that holds the event with that id is
     * refused as a whole with that status (400: a validation error naming the event; 409: the event exists already),
     * as HubSpot accepts none of a batch then; batches without it are created.
     */
    private void refuseTimelineBatches(RoutingContext ctx, JsonNode body) {
        int status = body.path("status").asInt(400);
        if (!body.path("eventId").isTextual()
                || body.get("eventId").asText().isBlank()
                || (status != 400 && status != 409)) {
            SandboxResponses.json(ctx, json, 400, error("body must be {\"eventId\": \"...\", \"status\": 400 or 409}"));
            return;
        }
        timelineBatchRefusals.put(body.get("eventId").asText(), status);
        SandboxResponses.json(
                ctx, json, 200, Map.of("eventId", body.get("eventId").asText(), "status", status));
    }

    /** The whole-batch refusal asked for one of these events, or null. */
    private Map<String, Object> batchRefusal(List<JsonNode> events) {
        for (JsonNode event : events) {
            String id = event.path("id").asText("");
            Integer status = timelineBatchRefusals.get(id);
            if (status != null) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("status", "error");
                answer.put(
                        "message",
                        status == 409
                                ? "Event occurrence " + id + " already exists; occurrences are immutable"
                                : "Invalid input: event occurrence " + id
                                        + " has a property value that is not valid (sandbox refusal)");
                answer.put("correlationId", UUID.randomUUID().toString());
                answer.put("category", status == 409 ? "CONFLICT" : "VALIDATION_ERROR");
                answer.put("context", Map.of("id", List.of(id)));
                answer.put("httpStatus", status);
                return answer;
            }
        }
        return null;
    }

    /**
     * {@code GET /sandbox/hubspot/timeline/received/{eventType}}: per contact, when the first event of that type
     * reached its timeline, in epoch milliseconds ({@code {"1001": 1767225600123, ...}}).
     */
    void timelineReceipts(RoutingContext ctx) {
        SandboxResponses.json(ctx, json, 200, timelineReceipts.getOrDefault(ctx.pathParam("eventType"), Map.of()));
    }

    /** The timeline APIs: events (v3, event templates) and app events (2026-03), one at a time or in batches. */
    void api(RoutingContext ctx, String path, JsonNode body, long portalId) {
        boolean appEvents = path.startsWith("/integrators/timeline/2026-03/");
        boolean batch;
        switch (path) {
            case "/integrators/timeline/v3/events", "/integrators/timeline/2026-03/events" -> batch = false;
            case "/integrators/timeline/v3/events/batch/create", "/integrators/timeline/2026-03/events/batch" ->
                batch = true;
            default -> {
                SandboxResponses.json(ctx, json, 404, error("not served by the sandbox: " + path));
                return;
            }
        }
        List<JsonNode> events = new ArrayList<>();
        if (batch) {
            body.path("inputs").forEach(events::add);
        } else {
            events.add(body);
        }
        Map<String, Object> refusedBatch = batch ? batchRefusal(events) : null;
        if (refusedBatch != null) {
            SandboxResponses.json(ctx, json, (Integer) refusedBatch.remove("httpStatus"), refusedBatch);
            return;
        }
        Map<String, String> typeByTemplate = new HashMap<>();
        config.hubspot().timeline().templates().forEach((type, template) -> typeByTemplate.put(template, type));
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (JsonNode event : events) {
            String contactId = event.path("objectId").asText();
            if (contacts.contactOf(portalId, contactId) == null) {
                // Like HubSpot: an event for a record the portal does not have is refused, the others are created.
                errors.add(standardError(
                        "OBJECT_NOT_FOUND",
                        "No CONTACT with objectId " + contactId + " exists",
                        Map.of("objectId", List.of(contactId))));
                continue;
            }
            TimelineRefusal refusal = batch ? timelineRefusals.get(contactId) : null;
            if (refusal != null && refusal.remaining().getAndDecrement() > 0) {
                errors.add(standardError(
                        refusal.category(),
                        "RATE_LIMITS".equals(refusal.category())
                                ? "You have reached your ten_secondly_rolling limit."
                                : "The event for CONTACT " + contactId + " was refused (sandbox refusal "
                                        + refusal.category() + ")",
                        Map.of("objectId", List.of(contactId))));
                continue;
            }
            String eventType = event.hasNonNull("eventTemplateId")
                    ? typeByTemplate.getOrDefault(
                            event.get("eventTemplateId").asText(),
                            "TEMPLATE_" + event.get("eventTemplateId").asText())
                    : appEventType(event.path("eventTypeName").asText());
            String id = event.path("id").asText(UUID.randomUUID().toString());
            String timestamp = event.path("timestamp").asText(Instant.now().toString());
            JsonNode values = appEvents ? event.path("properties") : event.path("tokens");
            // Like HubSpot, an event id is unique per app and template: writing it again creates nothing new.
            if (timelineEventIds.putIfAbsent(contactId + "/" + id, Boolean.TRUE) == null) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("eventType", eventType);
                entry.put("timestamp", timestamp);
                entry.put("id", id);
                entry.put("portalId", portalId);
                entry.put("tokens", json.convertValue(values, Map.class));
                timelines
                        .computeIfAbsent(contactId, k -> Collections.synchronizedList(new ArrayList<>()))
                        .add(entry);
                timelineReceipts
                        .computeIfAbsent(eventType, k -> new ConcurrentHashMap<>())
                        .putIfAbsent(contactId, System.currentTimeMillis());
            }
            // The created event, as HubSpot answers it (TimelineEventResponse / AppEventOccurrence).
            Map<String, Object> created = new LinkedHashMap<>();
            if (appEvents) {
                created.put("eventTypeName", event.path("eventTypeName").asText());
                created.put("id", id);
                created.put("objectId", contactId);
                created.put("timestamp", timestamp);
                created.put("properties", json.convertValue(values, Map.class));
            } else {
                created.put("eventTemplateId", event.path("eventTemplateId").asText());
                created.put("id", id);
                created.put("objectId", contactId);
                created.put("objectType", "contacts");
                created.put("timestamp", timestamp);
                created.put("tokens", json.convertValue(values, Map.class));
            }
            results.add(created);
        }
        if (!batch) {
            if (!errors.isEmpty()) {
                SandboxResponses.json(
                        ctx,
                        json,
                        404,
                        HubSpotErrors.correlatedError(
                                "OBJECT_NOT_FOUND", errors.get(0).get("message")));
            } else {
                SandboxResponses.json(ctx, json, 201, results.get(0));
            }
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "COMPLETE");
        answer.put("results", results);
        if (!errors.isEmpty()) {
            answer.put("numErrors", errors.size());
            answer.put("errors", errors);
        }
        answer.put("startedAt", Instant.now().toString());
        answer.put("completedAt", Instant.now().toString());
        SandboxResponses.json(ctx, json, errors.isEmpty() ? (appEvents ? 200 : 201) : 207, answer);
    }

    private String appEventType(String eventTypeName) {
        String prefix = config.hubspot().timeline().appEventTypePrefix().orElse("");
        String name = eventTypeName.startsWith(prefix) ? eventTypeName.substring(prefix.length()) : eventTypeName;
        return name.toUpperCase(Locale.ROOT);
    }
}
