package com.nrsconnector.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nrsconnector.config.Urls;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.hubspot.HubSpotSignatureVerifier;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * In-process stand-in for HubSpot, served under /sandbox/hubspot. It serves the real API paths the connector calls
 * (contacts, deal-to-contact associations, timeline events, workflow callback completion; OAuth and contact properties in HubSpotOAuthSandbox),
 * checks them
 * against HubSpot's OpenAPI specs and bearer tokens, and offers sandbox controls: create contacts and deals, enroll a
 * contact or a deal in a workflow (a signed call to the connector's action URL, as HubSpot makes it), read a contact's
 * timeline and the log of the connector's requests.
 *
 * <p>It answers as HubSpot and its official SDK do where the published specs are looser: unset contact properties are
 * absent from contact reads, a batch timeline create that refuses some events answers 207 with one error item per
 * refused event, a timeline create answers with the created events, and a callback completion needs no
 * {@code typedOutputs} but must name an execution this stand-in started.
 */
@ApplicationScoped
public class HubSpotSandbox {

    private static final Logger LOG = Logger.getLogger(HubSpotSandbox.class);
    static final String PREFIX = "/sandbox/hubspot";
    private static final String ASSOCIATIONS_V4 = "/crm/v4/objects/";
    public static final String DEMO_REFRESH_TOKEN = "sandbox-refresh-token";

    private final Map<String, Map<String, String>> contacts = new ConcurrentHashMap<>();
    /** The portal each contact belongs to; the API serves a contact only to its own portal's tokens. */
    private final Map<String, Long> contactPortals = new ConcurrentHashMap<>();
    private final Map<String, SandboxDeal> deals = new ConcurrentHashMap<>();
    /** The callbackIds of the executions this stand-in started (enrollments): only these can be completed. */
    private final Set<String> issuedCallbacks = ConcurrentHashMap.newKeySet();
    private final List<Map<String, Object>> refusedCompletions = new ArrayList<>();
    private final Map<String, List<Map<String, Object>>> timelines = new ConcurrentHashMap<>();
    private final Map<String, Boolean> timelineEventIds = new ConcurrentHashMap<>();
    /** Per event type: when the first event of that type reached each contact's timeline (epoch millis). */
    private final Map<String, Map<String, Long>> timelineReceipts = new ConcurrentHashMap<>();
    /** Timeline refusals asked for (contact id -> the error category and how many more events to refuse). */
    private final Map<String, TimelineRefusal> timelineRefusals = new ConcurrentHashMap<>();
    /** Events whose batches are refused as a whole (event id -> the HTTP status, 400 or 409). */
    private final Map<String, Integer> timelineBatchRefusals = new ConcurrentHashMap<>();
    /** Per portal: when its API requests of the current rolling period arrived (System.nanoTime()). */
    private final Map<Long, java.util.ArrayDeque<Long>> rateWindows = new ConcurrentHashMap<>();
    /** Per portal: how many API requests were answered, and how many of them 429 for the rate limit. */
    private final Map<Long, long[]> rateCounts = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> completions = new ArrayList<>();
    /**
     * Ids of created contacts and deals. The stand-in forgets them on a restart but the database keeps their messages,
     * so each start draws from its own range (by the start time) and never hands out an id a previous start used.
     */
    private final AtomicLong nextContactId = new AtomicLong(2001 + (System.currentTimeMillis() % 100_000_000L) * 100);
    private final SandboxRequestLog log = new SandboxRequestLog(PREFIX);
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    HubSpotOAuthSandbox oauth;

    @Inject
    HubSpotJournalSandbox journal;

    private HubSpotOpenApiValidator validator;

    private SandboxFaults faults;

    void init(@Observes Router router) {
        if (!config.sandbox().enabled()) {
            return;
        }
        validator = new HubSpotOpenApiValidator();
        seedDemoContacts();
        router.route(PREFIX + "/*").handler(BodyHandler.create());
        // Sandbox controls.
        router.post(PREFIX + "/contacts").blockingHandler(this::upsertContact, false);
        router.post(PREFIX + "/contacts/batch").blockingHandler(this::upsertContacts, false);
        router.post(PREFIX + "/deals").blockingHandler(this::upsertDeal, false);
        router.get(PREFIX + "/contacts/:id/timeline").handler(this::timeline);
        router.get(PREFIX + "/contacts/:id").handler(this::readContact);
        router.post(PREFIX + "/workflows/enroll").blockingHandler(this::enroll, false);
        router.post(PREFIX + "/workflows/executions").handler(this::registerExecutions);
        router.get(PREFIX + "/requests").handler(ctx -> SandboxResponses.json(ctx, json, 200, log.all()));
        router.get(PREFIX + "/callbacks").handler(this::listCompletions);
        router.get(PREFIX + "/callbacks/refused").handler(this::listRefusedCompletions);
        router.post(PREFIX + "/timeline/refusals").handler(this::refuseTimelineEvents);
        router.get(PREFIX + "/rate-limit").handler(this::rateLimitCounts);
        router.get(PREFIX + "/summary").handler(this::summary);
        router.get(PREFIX + "/timeline/received/:eventType").handler(this::timelineReceipts);
        // HubSpot's API, as the connector calls it.
        faults = new SandboxFaults("HubSpot", json, config.sandbox().timeoutDelay());
        faults.mount(router, PREFIX);
        // The contact-properties list (for the send form's token picker) answers from the contacts held here.
        router.get(PREFIX + "/crm/v3/properties/contacts").blockingHandler(ctx -> api(ctx, this::contactPropertiesApi), false);
        // OAuth (authorize, token, token info), contact properties, uninstall: before the catch-all /crm route.
        journal.mount(router, log, validator);
        oauth.mount(router, log, validator);
        router.route(PREFIX + "/crm/*").blockingHandler(ctx -> api(ctx, this::contactsApi), false);
        router.route(PREFIX + "/integrators/*").blockingHandler(ctx -> api(ctx, this::timelineApi), false);
        router.route(PREFIX + "/automation/*").blockingHandler(ctx -> api(ctx, this::automationApi), false);
    }

    // ---------------------------------------------------------------- sandbox controls

    private void seedDemoContacts() {
        putContact("1001", Map.of("firstname", "Ana", "lastname", "García", "email", "ana@example.com",
                "mobilephone", "+34 612 345 678", "hs_marketable_status", "true"));
        putContact("1002", Map.of("firstname", "João", "lastname", "Silva", "email", "joao@example.com",
                "mobilephone", "912 345 678", "mobile_prefix_360nrs", "351", "hs_marketable_status", "true"));
        putContact("1003", Map.of("firstname", "Lucía", "lastname", "Martín", "email", "lucia@example.com",
                "phone", "600 000 002", "hs_marketable_status", "true"));
        putContact("1004", Map.of("firstname", "Pedro", "lastname", "Sin Teléfono", "email", "pedro@example.com",
                "hs_marketable_status", "true"));
    }

    private void putContact(String id, Map<String, String> properties) {
        contacts.put(id, new ConcurrentHashMap<>(properties));
        contactPortals.put(id, config.sandbox().demoPortalId());
    }

    /** The contact with this id if it belongs to the portal, as HubSpot serves a portal only its own records. */
    private Map<String, String> contactOf(long portalId, String id) {
        Long owner = contactPortals.get(id);
        return owner != null && owner == portalId ? contacts.get(id) : null;
    }

    private void upsertContact(RoutingContext ctx) {
        JsonNode body = readJson(ctx);
        if (body == null || !body.path("properties").isObject()) {
            SandboxResponses.json(ctx, json, 400, error("body must be {\"id\": optional, \"properties\": {...}}"));
            return;
        }
        String id = body.hasNonNull("id") ? body.get("id").asText() : Long.toString(nextContactId.getAndIncrement());
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
    private void upsertContacts(RoutingContext ctx) {
        JsonNode body = readJson(ctx);
        if (body == null || !body.path("inputs").isArray()) {
            SandboxResponses.json(ctx, json, 400, error("body must be {\"inputs\": [{\"id\": \"...\", \"properties\": {...}}]}"));
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
            contactPortals.put(id, input.path("portalId").asLong(config.sandbox().demoPortalId()));
        }
        SandboxResponses.json(ctx, json, 200, Map.of("count", body.get("inputs").size()));
    }

    /** A contact's properties as the connector last wrote or read them (opt-out property included). */
    private void readContact(RoutingContext ctx) {
        Map<String, String> contact = contacts.get(ctx.pathParam("id"));
        if (contact == null) {
            SandboxResponses.json(ctx, json, 404, error("no sandbox contact " + ctx.pathParam("id")));
            return;
        }
        SandboxResponses.json(ctx, json, 200, Map.of("id", ctx.pathParam("id"), "properties", Map.copyOf(contact)));
    }

    /** A deal of one portal with its associated contacts (HubSpot's deal-to-contact association, type 3). */
    record SandboxDeal(String id, long portalId, Map<String, String> properties, List<String> contactIds) {
    }

    private void upsertDeal(RoutingContext ctx) {
        JsonNode body = readJson(ctx);
        if (body == null || !body.path("contactIds").isArray()
                || (body.has("properties") && !body.get("properties").isObject())) {
            SandboxResponses.json(ctx, json, 400, error("body must be {\"id\": optional, \"portalId\": optional, "
                    + "\"properties\": {...}, \"contactIds\": [...]}"));
            return;
        }
        String id = body.hasNonNull("id") ? body.get("id").asText() : Long.toString(nextContactId.getAndIncrement());
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

    private void timeline(RoutingContext ctx) {
        SandboxResponses.json(ctx, json, 200, timelines.getOrDefault(ctx.pathParam("id"), List.of()));
    }

    /** The error category a batch timeline create answers for a contact's next events, and how many more. */
    record TimelineRefusal(String category, java.util.concurrent.atomic.AtomicInteger remaining) {
    }

    /**
     * {@code {"objectId": "1001", "category": "RATE_LIMITS", "times": 1}}: the next {@code times} events for that
     * contact in a batch timeline create are refused with an error item of that category (a 207 answer), as HubSpot
     * refuses some events of a batch and creates the others. With {@code eventId} instead, see
     * {@link #refuseTimelineBatches}.
     */
    private void refuseTimelineEvents(RoutingContext ctx) {
        JsonNode body = readJson(ctx);
        if (body != null && body.has("eventId")) {
            refuseTimelineBatches(ctx, body);
            return;
        }
        if (body == null || !body.path("objectId").isTextual() || !body.path("category").asText("").matches("[A-Z_]{1,64}")
                || body.path("times").asInt(1) < 1) {
            SandboxResponses.json(ctx, json, 400, error("body must be {\"objectId\": \"...\", \"category\": "
                    + "\"RATE_LIMITS\", \"times\": 1}"));
            return;
        }
        timelineRefusals.put(body.get("objectId").asText(), new TimelineRefusal(body.get("category").asText(),
                new java.util.concurrent.atomic.AtomicInteger(body.path("times").asInt(1))));
        SandboxResponses.json(ctx, json, 200, Map.of("objectId", body.get("objectId").asText(),
                "category", body.get("category").asText(), "times", body.path("times").asInt(1)));
    }

    /**
     * {@code {"eventId": "...", "status": 400}}: every batch timeline create that holds the event with that id is
     * refused as a whole with that status (400: a validation error naming the event; 409: the event exists already),
     * as HubSpot accepts none of a batch then; batches without it are created.
     */
    private void refuseTimelineBatches(RoutingContext ctx, JsonNode body) {
        int status = body.path("status").asInt(400);
        if (!body.path("eventId").isTextual() || body.get("eventId").asText().isBlank() || (status != 400 && status != 409)) {
            SandboxResponses.json(ctx, json, 400, error("body must be {\"eventId\": \"...\", \"status\": 400 or 409}"));
            return;
        }
        timelineBatchRefusals.put(body.get("eventId").asText(), status);
        SandboxResponses.json(ctx, json, 200, Map.of("eventId", body.get("eventId").asText(), "status", status));
    }

    /** The whole-batch refusal asked for one of these events, or null. */
    private Map<String, Object> batchRefusal(List<JsonNode> events) {
        for (JsonNode event : events) {
            String id = event.path("id").asText("");
            Integer status = timelineBatchRefusals.get(id);
            if (status != null) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("status", "error");
                answer.put("message", status == 409
                        ? "Event occurrence " + id + " already exists; occurrences are immutable"
                        : "Invalid input: event occurrence " + id + " has a property value that is not valid (sandbox refusal)");
                answer.put("correlationId", UUID.randomUUID().toString());
                answer.put("category", status == 409 ? "CONFLICT" : "VALIDATION_ERROR");
                answer.put("context", Map.of("id", List.of(id)));
                answer.put("httpStatus", status);
                return answer;
            }
        }
        return null;
    }

    private void listCompletions(RoutingContext ctx) {
        synchronized (completions) {
            SandboxResponses.json(ctx, json, 200, List.copyOf(completions));
        }
    }

    private void listRefusedCompletions(RoutingContext ctx) {
        synchronized (completions) {
            SandboxResponses.json(ctx, json, 200, List.copyOf(refusedCompletions));
        }
    }

    /**
     * {@code {"callbackIds": ["...", ...]}}: executions started by a caller that signs its workflow calls itself (a
     * load generator), which the connector may then complete like the ones {@code /workflows/enroll} starts.
     */
    private void registerExecutions(RoutingContext ctx) {
        JsonNode body = readJson(ctx);
        if (body == null || !body.path("callbackIds").isArray()) {
            SandboxResponses.json(ctx, json, 400, error("body must be {\"callbackIds\": [\"...\"]}"));
            return;
        }
        body.get("callbackIds").forEach(id -> issuedCallbacks.add(id.asText()));
        SandboxResponses.json(ctx, json, 200, Map.of("count", body.get("callbackIds").size()));
    }

    /**
     * {@code GET /sandbox/hubspot/summary}: counts only, cheap to poll during a load run: per event type, the contacts
     * whose timeline has one; the workflow executions completed and the completions refused.
     */
    private void summary(RoutingContext ctx) {
        Map<String, Integer> timeline = new java.util.TreeMap<>();
        timelineReceipts.forEach((type, contactsWithIt) -> timeline.put(type, contactsWithIt.size()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("timeline", timeline);
        synchronized (completions) {
            answer.put("completions", completions.size());
            answer.put("refusedCompletions", refusedCompletions.size());
        }
        SandboxResponses.json(ctx, json, 200, answer);
    }

    /**
     * {@code GET /sandbox/hubspot/timeline/received/{eventType}}: per contact, when the first event of that type
     * reached its timeline, in epoch milliseconds ({@code {"1001": 1767225600123, ...}}).
     */
    private void timelineReceipts(RoutingContext ctx) {
        SandboxResponses.json(ctx, json, 200, timelineReceipts.getOrDefault(ctx.pathParam("eventType"), Map.of()));
    }

    /** Makes the call HubSpot makes when a workflow reaches the connector's action: signed, with object.properties. */
    private void enroll(RoutingContext ctx) {
        JsonNode body = readJson(ctx);
        if (body == null) {
            SandboxResponses.json(ctx, json, 400, error("body must be JSON"));
            return;
        }
        String actionType = body.path("actionType").asText("SEND_SMS");
        String path = switch (actionType) {
            case "SEND_SMS" -> "/hubspot/actions/send-sms";
            case "SEND_VOICE" -> "/hubspot/actions/send-voice";
            case "SEND_IVR" -> "/hubspot/actions/send-ivr";
            default -> null;
        };
        if (path == null) {
            SandboxResponses.json(ctx, json, 400, error("unknown actionType " + actionType
                    + "; known: SEND_SMS, SEND_VOICE, SEND_IVR"));
            return;
        }
        boolean deal = "DEAL".equalsIgnoreCase(body.path("objectType").asText("CONTACT"));
        String objectId = deal ? body.path("dealId").asText(null) : body.path("contactId").asText(null);
        SandboxDeal enrolledDeal = deal && objectId != null ? deals.get(objectId) : null;
        Map<String, String> contact = deal ? null : objectId == null ? null : contacts.get(objectId);
        if (deal ? enrolledDeal == null : contact == null) {
            SandboxResponses.json(ctx, json, 404, error("no sandbox " + (deal ? "deal " : "contact ") + objectId));
            return;
        }
        long portalId = body.path("portalId").asLong(deal ? enrolledDeal.portalId() : config.sandbox().demoPortalId());
        String callbackId = body.hasNonNull("callbackId") ? body.get("callbackId").asText()
                : "ap-" + portalId + "-" + UUID.randomUUID();
        issuedCallbacks.add(callbackId);
        ObjectNode payload = json.createObjectNode();
        payload.put("callbackId", callbackId);
        ObjectNode origin = payload.putObject("origin");
        origin.put("portalId", portalId);
        origin.put("actionDefinitionId", 10646377);
        origin.put("actionDefinitionVersion", 1);
        ObjectNode context = payload.putObject("context");
        context.put("source", "WORKFLOWS");
        context.put("workflowId", body.path("workflowId").asLong(192814114));
        ObjectNode object = payload.putObject("object");
        if (objectId.matches("\\d{1,18}")) {
            object.put("objectId", Long.parseLong(objectId));
        } else {
            object.put("objectId", objectId);
        }
        object.put("objectType", deal ? "DEAL" : "CONTACT");
        ObjectNode properties = object.putObject("properties");
        if (deal) {
            // The deal's own properties; its contacts' properties are read by the connector.
            enrolledDeal.properties().forEach(properties::put);
        } else {
            // Like HubSpot, send the properties the action definition requests (objectRequestOptions) that the
            // contact has a value for; an unset property is left out, never sent as null.
            for (String name : config.hubspot().contactProperties()) {
                String value = contact.get(name);
                if (value != null) {
                    properties.put(name, value);
                }
            }
        }
        payload.set("inputFields", body.path("inputFields").isObject() ? body.get("inputFields") : json.createObjectNode());
        try {
            String text = json.writeValueAsString(payload);
            String url = Urls.join(config.publicBaseUrl(), path);
            String timestamp = Long.toString(System.currentTimeMillis());
            String signature = HubSpotSignatureVerifier.sign(config.hubspot().clientSecret(), "POST", url, text, timestamp);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header(HubSpotSignatureVerifier.SIGNATURE_HEADER, signature)
                    .header(HubSpotSignatureVerifier.TIMESTAMP_HEADER, timestamp)
                    .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("callbackId", callbackId);
            answer.put("status", response.statusCode());
            answer.put("response", readJson(response.body()));
            SandboxResponses.json(ctx, json, 200, answer);
        } catch (Exception e) {
            LOG.warn("sandbox enroll could not reach the connector", e);
            SandboxResponses.json(ctx, json, 502, error("the connector did not answer: " + e));
        }
    }

    // ---------------------------------------------------------------- HubSpot API

    @FunctionalInterface
    interface ApiHandler {
        void handle(RoutingContext ctx, String path, JsonNode body, long portalId) throws Exception;
    }

    private void api(RoutingContext ctx, ApiHandler handler) {
        log.record(ctx);
        if (faults.intercept(ctx, Map.of("status", "error", "category", "RATE_LIMITS",
                "message", "sandbox fault: HubSpot is answering with an error on purpose"))) {
            return;
        }
        String path = ctx.request().path().substring(PREFIX.length());
        String auth = ctx.request().getHeader("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        Long tokenPortal = oauth.portalOfAccessToken(token);
        if (tokenPortal == null) {
            SandboxResponses.json(ctx, json, 401, Map.of("status", "error", "category", "INVALID_AUTHENTICATION",
                    "message", "Authentication credentials not found or expired. This API supports OAuth 2.0 authentication."));
            return;
        }
        if (rateLimited(ctx, tokenPortal)) {
            return;
        }
        Map<String, String> query = new HashMap<>();
        ctx.queryParams().forEach(q -> query.put(q.getKey(), q.getValue()));
        String body = ctx.body() == null ? null : ctx.body().asString();
        // No copy of the associations v4 spec ships with the connector: those reads are served unchecked.
        List<String> problems = path.startsWith(ASSOCIATIONS_V4) || !config.sandbox().hubspotRequestValidation() ? List.of()
                : validator.problems(ctx.request().method().name(), path, ctx.request().getHeader("Content-Type"), body,
                        query);
        if (!problems.isEmpty()) {
            SandboxResponses.json(ctx, json, 400, Map.of("status", "error", "category", "VALIDATION_ERROR",
                    "message", "Invalid input JSON: " + String.join("; ", problems)));
            return;
        }
        try {
            handler.handle(ctx, path, readJson(body), tokenPortal);
        } catch (Exception e) {
            LOG.warn("sandbox HubSpot handler failed", e);
            SandboxResponses.json(ctx, json, 500, error(e.toString()));
        }
    }

    /**
     * HubSpot's per-account limit for public apps: at most the configured number of requests per rolling period and
     * portal. Every answer carries HubSpot's rate-limit headers; one request too many is answered 429 with HubSpot's
     * body (no Retry-After: HubSpot names the interval instead). Answers true when it answered 429.
     */
    private boolean rateLimited(RoutingContext ctx, long portalId) {
        int max = config.sandbox().hubspotRateLimitRequests();
        long period = config.sandbox().hubspotRateLimitPeriod().toNanos();
        java.util.ArrayDeque<Long> window = rateWindows.computeIfAbsent(portalId, p -> new java.util.ArrayDeque<>());
        long[] counts = rateCounts.computeIfAbsent(portalId, p -> new long[2]);
        int remaining;
        synchronized (window) {
            long now = System.nanoTime();
            while (!window.isEmpty() && now - window.peekFirst() >= period) {
                window.pollFirst();
            }
            counts[0]++;
            if (window.size() >= max) {
                counts[1]++;
                remaining = -1;
            } else {
                window.addLast(now);
                remaining = max - window.size();
            }
        }
        ctx.response().putHeader("X-HubSpot-RateLimit-Max", Integer.toString(max));
        ctx.response().putHeader("X-HubSpot-RateLimit-Remaining", Integer.toString(Math.max(0, remaining)));
        ctx.response().putHeader("X-HubSpot-RateLimit-Interval-Milliseconds",
                Long.toString(config.sandbox().hubspotRateLimitPeriod().toMillis()));
        if (remaining >= 0) {
            return false;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "error");
        answer.put("message", "You have reached your ten_secondly_rolling limit.");
        answer.put("errorType", "RATE_LIMIT");
        answer.put("correlationId", UUID.randomUUID().toString());
        answer.put("policyName", "TEN_SECONDLY_ROLLING");
        answer.put("requestId", UUID.randomUUID().toString());
        SandboxResponses.json(ctx, json, 429, answer);
        return true;
    }

    /** {@code GET /sandbox/hubspot/rate-limit}: the limit in force and, per portal, requests and 429 answers. */
    private void rateLimitCounts(RoutingContext ctx) {
        Map<String, Object> portals = new java.util.TreeMap<>();
        rateCounts.forEach((portal, counts) -> {
            synchronized (rateWindows.get(portal)) {
                portals.put(Long.toString(portal), Map.of("requests", counts[0], "rateLimited", counts[1]));
            }
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("maxRequests", config.sandbox().hubspotRateLimitRequests());
        answer.put("periodMillis", config.sandbox().hubspotRateLimitPeriod().toMillis());
        answer.put("portals", portals);
        SandboxResponses.json(ctx, json, 200, answer);
    }

    private void contactsApi(RoutingContext ctx, String path, JsonNode body, long portalId) {
        if (path.startsWith(ASSOCIATIONS_V4)) {
            associations(ctx, path, portalId);
            return;
        }
        if (path.equals("/crm/v3/objects/contacts/batch/read")) {
            List<Map<String, Object>> results = new ArrayList<>();
            List<Map<String, Object>> errors = new ArrayList<>();
            for (JsonNode input : body.path("inputs")) {
                String id = input.path("id").asText();
                Map<String, String> contact = contactOf(portalId, id);
                if (contact == null) {
                    errors.add(standardError("OBJECT_NOT_FOUND", "Could not get some CONTACT objects, they may be "
                            + "deleted or not exist. Check that ids are valid.", Map.of("ids", List.of(id))));
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
                results.add(Map.of("id", id, "properties", props, "archived", false,
                        "createdAt", "2026-01-01T00:00:00Z", "updatedAt", Instant.now().toString()));
            }
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
                SandboxResponses.json(ctx, json, 404, Map.of("status", "error", "category", "OBJECT_NOT_FOUND",
                        "message", "Object not found. objectId are usually numeric."));
                return;
            }
            if ("PATCH".equals(ctx.request().method().name())) {
                body.path("properties").fields().forEachRemaining(f -> contact.put(f.getKey(), f.getValue().asText()));
            }
            SandboxResponses.json(ctx, json, 200, Map.of("id", id, "properties", contact, "archived", false));
            return;
        }
        SandboxResponses.json(ctx, json, 404, error("not served by the sandbox: " + path));
    }

    /** GET /crm/v3/properties/contacts: HubSpot's usual contact properties, and any other a sandbox contact has. */
    private void contactPropertiesApi(RoutingContext ctx, String path, JsonNode body, long portalId) {
        Map<String, String> labels = new java.util.TreeMap<>(Map.of("firstname", "First Name", "lastname", "Last Name",
                "email", "Email", "phone", "Phone Number", "mobilephone", "Mobile Phone Number", "company", "Company Name",
                "city", "City", "mobile_phone_360nrs", "Mobile phone (360nrs)", "mobile_prefix_360nrs",
                "Mobile prefix (360nrs)", "hs_marketable_status", "Marketing contact status"));
        contacts.values().forEach(contact -> contact.keySet().forEach(name -> labels.putIfAbsent(name, name)));
        List<Map<String, Object>> results = new ArrayList<>();
        labels.forEach((name, label) -> {
            Map<String, Object> property = new LinkedHashMap<>();
            property.put("name", name);
            property.put("label", label);
            property.put("type", "string");
            property.put("fieldType", "text");
            property.put("groupName", "contactinformation");
            property.put("description", "");
            property.put("options", List.of());
            property.put("hidden", false);
            results.add(property);
        });
        SandboxResponses.json(ctx, json, 200, Map.of("results", results));
    }

    /** Like HubSpot: the known contacts are updated, unknown ids are errors of a 207 answer. */
    private void batchUpdateContacts(RoutingContext ctx, JsonNode body, long portalId) {
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (JsonNode input : body.path("inputs")) {
            String id = input.path("id").asText();
            Map<String, String> contact = contactOf(portalId, id);
            if (contact == null) {
                errors.add(Map.of("status", "error", "category", "OBJECT_NOT_FOUND", "context", Map.of("ids", List.of(id))));
                continue;
            }
            input.path("properties").fields().forEachRemaining(f -> contact.put(f.getKey(), f.getValue().asText()));
            results.add(Map.of("id", id, "properties", Map.copyOf(contact), "archived", false,
                    "createdAt", "2026-01-01T00:00:00Z", "updatedAt", Instant.now().toString()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "COMPLETE");
        answer.put("results", results);
        answer.put("startedAt", Instant.now().toString());
        answer.put("completedAt", Instant.now().toString());
        if (!errors.isEmpty()) {
            answer.put("errors", errors);
        }
        SandboxResponses.json(ctx, json, errors.isEmpty() ? 200 : 207, answer);
    }

    private void timelineApi(RoutingContext ctx, String path, JsonNode body, long portalId) {
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
            if (contactOf(portalId, contactId) == null) {
                // Like HubSpot: an event for a record the portal does not have is refused, the others are created.
                errors.add(standardError("OBJECT_NOT_FOUND", "No CONTACT with objectId " + contactId + " exists",
                        Map.of("objectId", List.of(contactId))));
                continue;
            }
            TimelineRefusal refusal = batch ? timelineRefusals.get(contactId) : null;
            if (refusal != null && refusal.remaining().getAndDecrement() > 0) {
                errors.add(standardError(refusal.category(), "RATE_LIMITS".equals(refusal.category())
                        ? "You have reached your ten_secondly_rolling limit."
                        : "The event for CONTACT " + contactId + " was refused (sandbox refusal " + refusal.category() + ")",
                        Map.of("objectId", List.of(contactId))));
                continue;
            }
            String eventType = event.hasNonNull("eventTemplateId")
                    ? typeByTemplate.getOrDefault(event.get("eventTemplateId").asText(), "TEMPLATE_" + event.get("eventTemplateId").asText())
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
                timelines.computeIfAbsent(contactId, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(entry);
                timelineReceipts.computeIfAbsent(eventType, k -> new ConcurrentHashMap<>())
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
                SandboxResponses.json(ctx, json, 404, Map.of("status", "error", "category", "OBJECT_NOT_FOUND",
                        "message", errors.get(0).get("message"), "correlationId", UUID.randomUUID().toString()));
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

    /** HubSpot's batch error item (StandardError): every field its schema requires. */
    private static Map<String, Object> standardError(String category, String message, Map<String, List<String>> context) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", "error");
        error.put("category", category);
        error.put("message", message);
        error.put("context", context);
        error.put("errors", List.of());
        error.put("links", Map.of());
        return error;
    }

    /** GET /crm/v4/objects/deals/{dealId}/associations/contacts, paged like HubSpot ({@code limit}, {@code after}). */
    private void associations(RoutingContext ctx, String path, long portalId) {
        String[] parts = path.substring(ASSOCIATIONS_V4.length()).split("/");
        if (!"GET".equals(ctx.request().method().name()) || parts.length != 4 || !"deals".equals(parts[0])
                || !"associations".equals(parts[2]) || !"contacts".equals(parts[3])) {
            SandboxResponses.json(ctx, json, 404, error("not served by the sandbox: " + path));
            return;
        }
        SandboxDeal deal = deals.get(parts[1]);
        if (deal == null || deal.portalId() != portalId) {
            SandboxResponses.json(ctx, json, 404, Map.of("status", "error", "category", "OBJECT_NOT_FOUND",
                    "message", "Object not found. objectId are usually numeric.", "correlationId",
                    UUID.randomUUID().toString()));
            return;
        }
        int limit = Math.max(1, Math.min(500, parseInt(ctx.queryParams().get("limit"), 500)));
        int from = Math.max(0, parseInt(ctx.queryParams().get("after"), 0));
        List<String> ids = deal.contactIds();
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = from; i < Math.min(ids.size(), from + limit); i++) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("toObjectId", Long.parseLong(ids.get(i)));
            result.put("associationTypes", List.of(Map.of("category", "HUBSPOT_DEFINED", "typeId", 3,
                    "label", "Contact")));
            results.add(result);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("results", results);
        if (from + limit < ids.size()) {
            String after = Integer.toString(from + limit);
            answer.put("paging", Map.of("next", Map.of("after", after,
                    "link", "?after=" + after)));
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

    private String appEventType(String eventTypeName) {
        String prefix = config.hubspot().timeline().appEventTypePrefix().orElse("");
        String name = eventTypeName.startsWith(prefix) ? eventTypeName.substring(prefix.length()) : eventTypeName;
        return name.toUpperCase(java.util.Locale.ROOT);
    }

    private void automationApi(RoutingContext ctx, String path, JsonNode body, long portalId) {
        List<JsonNode> inputs = new ArrayList<>();
        boolean single = false;
        if (path.equals("/automation/v4/actions/callbacks/complete")) {
            body.path("inputs").forEach(inputs::add);
        } else if (path.startsWith("/automation/v4/actions/callbacks/") && path.endsWith("/complete")) {
            ObjectNode one = body.deepCopy();
            one.put("callbackId", path.substring("/automation/v4/actions/callbacks/".length(), path.length() - "/complete".length()));
            inputs.add(one);
            single = true;
        } else {
            SandboxResponses.json(ctx, json, 404, error("not served by the sandbox: " + path));
            return;
        }
        List<String> unknown = inputs.stream().map(input -> input.path("callbackId").asText())
                .filter(id -> !issuedCallbacks.contains(id)).toList();
        synchronized (completions) {
            for (String id : unknown) {
                refusedCompletions.add(Map.of("callbackId", id, "portalId", portalId, "time", Instant.now().toString()));
            }
            // An execution HubSpot never started cannot be completed. A batch is refused when none of its
            // executions is known; its known ones are completed otherwise (the unknown ones are listed as refused).
            if (!unknown.isEmpty() && (single || unknown.size() == inputs.size())) {
                SandboxResponses.json(ctx, json, 400, Map.of("status", "error", "category", "VALIDATION_ERROR",
                        "message", "No blocked action execution with callbackId " + String.join(", ", unknown),
                        "correlationId", UUID.randomUUID().toString()));
                return;
            }
            for (JsonNode input : inputs) {
                if (unknown.contains(input.path("callbackId").asText())) {
                    continue;
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("callbackId", input.path("callbackId").asText());
                entry.put("outputFields", json.convertValue(input.path("outputFields"), Map.class));
                entry.put("portalId", portalId);
                entry.put("time", Instant.now().toString());
                completions.add(entry);
            }
        }
        SandboxResponses.empty(ctx, 204);
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode readJson(RoutingContext ctx) {
        return ctx.body() == null ? null : readJson(ctx.body().asString());
    }

    private JsonNode readJson(String text) {
        try {
            return text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    private static Map<String, String> error(String message) {
        return Map.of("status", "error", "message", message);
    }

}
