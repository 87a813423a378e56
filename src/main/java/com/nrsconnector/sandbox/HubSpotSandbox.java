package com.nrsconnector.sandbox;

import java.net.URI;
import java.net.URLDecoder;
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
 * (OAuth token, contacts, timeline events, workflow callback completion), checks them against HubSpot's OpenAPI specs
 * and bearer tokens, and offers sandbox controls: create contacts, enroll a contact in a workflow (a signed call to
 * the connector's action URL, as HubSpot makes it), read a contact's timeline and the log of the connector's requests.
 */
@ApplicationScoped
public class HubSpotSandbox {

    private static final Logger LOG = Logger.getLogger(HubSpotSandbox.class);
    static final String PREFIX = "/sandbox/hubspot";
    public static final String DEMO_REFRESH_TOKEN = "sandbox-refresh-token";

    private final Map<String, Map<String, String>> contacts = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, Object>>> timelines = new ConcurrentHashMap<>();
    private final Map<String, Boolean> timelineEventIds = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> completions = new ArrayList<>();
    private final Map<String, Long> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final AtomicLong nextContactId = new AtomicLong(2001);
    private final SandboxRequestLog log = new SandboxRequestLog(PREFIX);
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    private HubSpotOpenApiValidator validator;

    private SandboxFaults faults;

    void init(@Observes Router router) {
        if (!config.sandbox().enabled()) {
            return;
        }
        validator = new HubSpotOpenApiValidator();
        refreshTokens.put(DEMO_REFRESH_TOKEN, config.sandbox().demoPortalId());
        seedDemoContacts();
        router.route(PREFIX + "/*").handler(BodyHandler.create());
        // Sandbox controls.
        router.post(PREFIX + "/contacts").blockingHandler(this::upsertContact, false);
        router.get(PREFIX + "/contacts/:id/timeline").handler(this::timeline);
        router.get(PREFIX + "/contacts/:id").handler(this::readContact);
        router.post(PREFIX + "/workflows/enroll").blockingHandler(this::enroll, false);
        router.get(PREFIX + "/requests").handler(ctx -> SandboxResponses.json(ctx, json, 200, log.all()));
        router.get(PREFIX + "/callbacks").handler(this::listCompletions);
        // HubSpot's API, as the connector calls it.
        faults = new SandboxFaults("HubSpot", json, config.sandbox().timeoutDelay());
        faults.mount(router, PREFIX);
        router.post(PREFIX + "/oauth/v1/token").blockingHandler(this::token, false);
        router.get(PREFIX + "/crm/v3/properties/contacts").blockingHandler(ctx -> api(ctx, this::contactPropertiesApi), false);
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
    }

    private void upsertContact(RoutingContext ctx) {
        JsonNode body = readJson(ctx);
        if (body == null || !body.path("properties").isObject()) {
            SandboxResponses.json(ctx, json, 400, error("body must be {\"id\": optional, \"properties\": {...}}"));
            return;
        }
        String id = body.hasNonNull("id") ? body.get("id").asText() : Long.toString(nextContactId.getAndIncrement());
        Map<String, String> properties = contacts.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
        body.get("properties").fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                properties.remove(f.getKey());
            } else {
                properties.put(f.getKey(), f.getValue().asText());
            }
        });
        SandboxResponses.json(ctx, json, 200, Map.of("id", id));
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

    private void timeline(RoutingContext ctx) {
        SandboxResponses.json(ctx, json, 200, timelines.getOrDefault(ctx.pathParam("id"), List.of()));
    }

    private void listCompletions(RoutingContext ctx) {
        synchronized (completions) {
            SandboxResponses.json(ctx, json, 200, List.copyOf(completions));
        }
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
            default -> null;
        };
        if (path == null) {
            SandboxResponses.json(ctx, json, 400, error("unknown actionType " + actionType + "; known: SEND_SMS"));
            return;
        }
        String contactId = body.path("contactId").asText(null);
        Map<String, String> contact = contactId == null ? null : contacts.get(contactId);
        if (contact == null) {
            SandboxResponses.json(ctx, json, 404, error("no sandbox contact " + contactId));
            return;
        }
        long portalId = body.path("portalId").asLong(config.sandbox().demoPortalId());
        String callbackId = body.hasNonNull("callbackId") ? body.get("callbackId").asText()
                : "ap-" + portalId + "-" + UUID.randomUUID();
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
        if (contactId.matches("\\d{1,18}")) {
            object.put("objectId", Long.parseLong(contactId));
        } else {
            object.put("objectId", contactId);
        }
        object.put("objectType", "CONTACT");
        ObjectNode properties = object.putObject("properties");
        // Like HubSpot, send the properties the action definition requests (objectRequestOptions), unset ones as null.
        for (String name : config.hubspot().contactProperties()) {
            String value = contact.get(name);
            if (value == null) {
                properties.putNull(name);
            } else {
                properties.put(name, value);
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
        Instant expiry = token == null ? null : accessTokens.get(token);
        if (expiry == null || expiry.isBefore(Instant.now())) {
            SandboxResponses.json(ctx, json, 401, Map.of("status", "error", "category", "INVALID_AUTHENTICATION",
                    "message", "Authentication credentials not found or expired. This API supports OAuth 2.0 authentication."));
            return;
        }
        Map<String, String> query = new HashMap<>();
        ctx.queryParams().forEach(q -> query.put(q.getKey(), q.getValue()));
        String body = ctx.body() == null ? null : ctx.body().asString();
        List<String> problems = validator.problems(ctx.request().method().name(), path,
                ctx.request().getHeader("Content-Type"), body, query);
        if (!problems.isEmpty()) {
            SandboxResponses.json(ctx, json, 400, Map.of("status", "error", "category", "VALIDATION_ERROR",
                    "message", "Invalid input JSON: " + String.join("; ", problems)));
            return;
        }
        try {
            handler.handle(ctx, path, readJson(body), tokenPortal(token));
        } catch (Exception e) {
            LOG.warn("sandbox HubSpot handler failed", e);
            SandboxResponses.json(ctx, json, 500, error(e.toString()));
        }
    }

    private void token(RoutingContext ctx) {
        log.record(ctx);
        Map<String, String> form = parseForm(ctx.body() == null ? "" : ctx.body().asString());
        List<String> problems = validator.problems("POST", "/oauth/v1/token",
                ctx.request().getHeader("Content-Type"), ctx.body() == null ? "" : ctx.body().asString(), Map.of());
        if (!problems.isEmpty()) {
            SandboxResponses.json(ctx, json, 400, Map.of("status", "error", "message", String.join("; ", problems)));
            return;
        }
        if (!config.hubspot().clientId().equals(form.get("client_id"))
                || !config.hubspot().clientSecret().equals(form.get("client_secret"))) {
            SandboxResponses.json(ctx, json, 400, Map.of("error", "invalid_client", "status", "BAD_CLIENT_ID",
                    "message", "client_id or client_secret is wrong"));
            return;
        }
        Long portal = switch (form.getOrDefault("grant_type", "")) {
            case "refresh_token" -> refreshTokens.get(form.getOrDefault("refresh_token", ""));
            case "authorization_code" -> form.getOrDefault("code", "").startsWith("sandbox-code-")
                    ? Long.valueOf(form.get("code").substring("sandbox-code-".length()))
                    : null;
            default -> null;
        };
        if (portal == null) {
            SandboxResponses.json(ctx, json, 400, Map.of("error", "invalid_grant", "status", "BAD_REFRESH_TOKEN",
                    "error_description", "refresh token is invalid, expired or revoked",
                    "message", "missing or unknown refresh token"));
            return;
        }
        String access = "sandbox-access-" + portal + "-" + UUID.randomUUID();
        String refresh = form.get("grant_type").equals("refresh_token") ? form.get("refresh_token")
                : "sandbox-refresh-" + portal + "-" + UUID.randomUUID();
        refreshTokens.put(refresh, portal);
        accessTokens.put(access, Instant.now().plusSeconds(1800));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", access);
        answer.put("refresh_token", refresh);
        answer.put("expires_in", 1800);
        answer.put("token_type", "bearer");
        answer.put("token_use", "access_token");
        answer.put("hub_id", portal);
        SandboxResponses.json(ctx, json, 200, answer);
    }

    private void contactsApi(RoutingContext ctx, String path, JsonNode body, long portalId) {
        if (path.equals("/crm/v3/objects/contacts/batch/read")) {
            List<Map<String, Object>> results = new ArrayList<>();
            List<Map<String, Object>> errors = new ArrayList<>();
            for (JsonNode input : body.path("inputs")) {
                String id = input.path("id").asText();
                Map<String, String> contact = contacts.get(id);
                if (contact == null) {
                    errors.add(Map.of("status", "error", "category", "OBJECT_NOT_FOUND", "context", Map.of("ids", List.of(id))));
                    continue;
                }
                Map<String, String> props = new LinkedHashMap<>();
                for (JsonNode name : body.path("properties")) {
                    props.put(name.asText(), contact.get(name.asText()));
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
                answer.put("errors", errors);
            }
            SandboxResponses.json(ctx, json, errors.isEmpty() ? 200 : 207, answer);
            return;
        }
        if (path.equals("/crm/v3/objects/contacts/batch/update")) {
            batchUpdateContacts(ctx, body);
            return;
        }
        String prefix = "/crm/v3/objects/contacts/";
        if (path.startsWith(prefix)) {
            String id = path.substring(prefix.length());
            Map<String, String> contact = contacts.get(id);
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
    private void batchUpdateContacts(RoutingContext ctx, JsonNode body) {
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (JsonNode input : body.path("inputs")) {
            String id = input.path("id").asText();
            Map<String, String> contact = contacts.get(id);
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
        List<JsonNode> events = new ArrayList<>();
        switch (path) {
            case "/integrators/timeline/v3/events", "/integrators/timeline/2026-03/events" -> events.add(body);
            case "/integrators/timeline/v3/events/batch/create", "/integrators/timeline/2026-03/events/batch" ->
                body.path("inputs").forEach(events::add);
            default -> {
                SandboxResponses.json(ctx, json, 404, error("not served by the sandbox: " + path));
                return;
            }
        }
        Map<String, String> typeByTemplate = new HashMap<>();
        config.hubspot().timeline().templates().forEach((type, template) -> typeByTemplate.put(template, type));
        List<Map<String, Object>> results = new ArrayList<>();
        for (JsonNode event : events) {
            String contactId = event.path("objectId").asText();
            String eventType = event.hasNonNull("eventTemplateId")
                    ? typeByTemplate.getOrDefault(event.get("eventTemplateId").asText(), "TEMPLATE_" + event.get("eventTemplateId").asText())
                    : appEventType(event.path("eventTypeName").asText());
            String id = event.path("id").asText(UUID.randomUUID().toString());
            // Like HubSpot, an event id is unique per app and template: writing it again creates nothing new.
            if (timelineEventIds.putIfAbsent(contactId + "/" + id, Boolean.TRUE) == null) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("eventType", eventType);
                entry.put("timestamp", event.path("timestamp").asText(Instant.now().toString()));
                entry.put("id", id);
                entry.put("tokens", json.convertValue(event.has("tokens") ? event.get("tokens") : event.path("properties"), Map.class));
                timelines.computeIfAbsent(contactId, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(entry);
            }
            results.add(Map.of("id", id, "objectId", contactId));
        }
        SandboxResponses.json(ctx, json, 201, Map.of("status", "COMPLETE", "results", results,
                "startedAt", Instant.now().toString(), "completedAt", Instant.now().toString()));
    }

    private String appEventType(String eventTypeName) {
        String prefix = config.hubspot().timeline().appEventTypePrefix().orElse("");
        String name = eventTypeName.startsWith(prefix) ? eventTypeName.substring(prefix.length()) : eventTypeName;
        return name.toUpperCase(java.util.Locale.ROOT);
    }

    private void automationApi(RoutingContext ctx, String path, JsonNode body, long portalId) {
        List<JsonNode> inputs = new ArrayList<>();
        if (path.equals("/automation/v4/actions/callbacks/complete")) {
            body.path("inputs").forEach(inputs::add);
        } else if (path.startsWith("/automation/v4/actions/callbacks/") && path.endsWith("/complete")) {
            ObjectNode single = body.deepCopy();
            single.put("callbackId", path.substring("/automation/v4/actions/callbacks/".length(), path.length() - "/complete".length()));
            inputs.add(single);
        } else {
            SandboxResponses.json(ctx, json, 404, error("not served by the sandbox: " + path));
            return;
        }
        synchronized (completions) {
            for (JsonNode input : inputs) {
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

    private long tokenPortal(String token) {
        String rest = token.substring("sandbox-access-".length());
        return Long.parseLong(rest.substring(0, rest.indexOf('-')));
    }

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

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static Map<String, String> error(String message) {
        return Map.of("status", "error", "message", message);
    }

}
