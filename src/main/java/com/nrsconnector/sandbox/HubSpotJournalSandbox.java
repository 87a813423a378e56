package com.nrsconnector.sandbox;

import static com.nrsconnector.sandbox.HubSpotErrors.correlatedError;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.config.Urls;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The webhooks journal side of the HubSpot stand-in (the new developer platform): the client-credentials grant on the
 * token endpoint, the app's subscriptions, and the journal the app polls, each checked against HubSpot's spec. While
 * the app has an APP_LIFECYCLE_EVENT subscription, the sandbox's uninstall control writes its APP_UNINSTALL event
 * here. HubSpot hands out each entry's events at a URL of their own; the stand-in serves them (in the lifecycle
 * webhook's event shape) under {@value #DATA_PATH}. Controls list the entries' offsets and make the next journal
 * reads fail, to see the connector retry.
 */
@ApplicationScoped
public class HubSpotJournalSandbox {

    static final String DATA_PATH = "/webhooks-journal-data";
    private static final String CLIENT_CREDENTIALS = "client_credentials";
    private static final List<String> JOURNAL_SCOPES = List.of(
            "webhooks-journal-data-access",
            "webhooks-journal-subscription-read",
            "webhooks-journal-subscription-management");

    private record AppToken(List<String> scopes, Instant expiresAt) {}

    private record JournalEntry(String offset, String events) {}

    private final Map<String, AppToken> appTokens = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, Object>> subscriptions = new ConcurrentHashMap<>();
    private final List<JournalEntry> journal = new ArrayList<>();
    private final AtomicLong nextSubscriptionId = new AtomicLong(9001);
    /** Journal reads still to answer 500, then still to answer a page that is not JSON. */
    private final AtomicInteger failingReads = new AtomicInteger();

    private final AtomicInteger malformedReads = new AtomicInteger();

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    private HubSpotOpenApiValidator validator;
    private SandboxRequestLog log;

    /** Mounted by the HubSpot stand-in, before the token endpoint of the other grants. */
    void mount(Router router, SandboxRequestLog requestLog, HubSpotOpenApiValidator openApi) {
        this.validator = openApi;
        this.log = requestLog;
        String prefix = HubSpotSandbox.PREFIX;
        router.post(prefix + "/oauth/v3/token").handler(this::clientCredentials);
        router.route(prefix + "/webhooks-journal/subscriptions/2026-03").handler(this::subscriptionsApi);
        router.get(prefix + "/webhooks-journal/journal/2026-03/batch/earliest/:count")
                .handler(ctx -> page(ctx, null));
        router.get(prefix + "/webhooks-journal/journal/2026-03/batch/:offset/next/:count")
                .handler(ctx -> page(ctx, ctx.pathParam("offset")));
        router.get(prefix + DATA_PATH + "/:offset").handler(this::entryData);
        router.post(prefix + "/webhooks-journal/faults").handler(this::faults);
        router.get(prefix + "/webhooks-journal/faults")
                .handler(ctx -> SandboxResponses.json(
                        ctx, json, 200, Map.of("failing", failingReads.get(), "malformed", malformedReads.get())));
        router.get(prefix + "/webhooks-journal/entries").handler(ctx -> {
            synchronized (journal) {
                SandboxResponses.json(
                        ctx,
                        json,
                        200,
                        journal.stream().map(JournalEntry::offset).toList());
            }
        });
    }

    /**
     * Writes an app lifecycle event to the journal, as HubSpot does while the app subscribes to them; answers
     * whether it was written.
     */
    boolean record(String action, long portalId) {
        boolean subscribed =
                subscriptions.values().stream().anyMatch(s -> "APP_LIFECYCLE_EVENT".equals(s.get("subscriptionType")));
        if (!subscribed) {
            return false;
        }
        try {
            String events = json.writeValueAsString(List.of(Map.of(
                    "eventId",
                    UUID.randomUUID().toString(),
                    "subscriptionType",
                    "APP_LIFECYCLE_EVENT",
                    "action",
                    action,
                    "portalId",
                    portalId,
                    "appId",
                    HubSpotOAuthSandbox.APP_ID,
                    "occurredAt",
                    System.currentTimeMillis())));
            synchronized (journal) {
                journal.add(new JournalEntry(UUID.randomUUID().toString(), events));
            }
            return true;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- client-credentials grant

    private void clientCredentials(RoutingContext ctx) {
        String body = ctx.body() == null ? "" : ctx.body().asString();
        Map<String, String> form = HubSpotOAuthSandbox.parseForm(body);
        if (!CLIENT_CREDENTIALS.equals(form.get("grant_type"))) {
            ctx.next();
            return;
        }
        log.record(ctx);
        if (!conforms(ctx)) {
            return;
        }
        if (!HubSpotOAuthSandbox.isAppClient(config, form)) {
            SandboxResponses.json(ctx, json, 400, HubSpotOAuthSandbox.INVALID_CLIENT);
            return;
        }
        List<String> scopes = List.of(form.getOrDefault("scope", "").trim().split("\\s+"));
        if (!JOURNAL_SCOPES.containsAll(scopes)
                || scopes.isEmpty()
                || scopes.get(0).isEmpty()) {
            SandboxResponses.json(
                    ctx,
                    json,
                    400,
                    HubSpotErrors.oauthError(
                            "invalid_scope", "BAD_SCOPE", "scope must name webhooks journal scopes " + JOURNAL_SCOPES));
            return;
        }
        String token = "sandbox-app-" + UUID.randomUUID();
        appTokens.put(token, new AppToken(scopes, Instant.now().plus(Duration.ofMinutes(30))));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("expires_in", 1800);
        answer.put("token_type", "bearer");
        SandboxResponses.json(ctx, json, 200, answer);
    }

    /** Answers 401 or 403 and false unless the request carries an app token with the scope. */
    private boolean authorized(RoutingContext ctx, String scope) {
        String auth = ctx.request().getHeader("Authorization");
        AppToken token = auth != null && auth.startsWith("Bearer ") ? appTokens.get(auth.substring(7)) : null;
        if (token == null || token.expiresAt().isBefore(Instant.now())) {
            SandboxResponses.json(
                    ctx,
                    json,
                    401,
                    correlatedError("INVALID_AUTHENTICATION", "Authentication credentials not found or expired."));
            return false;
        }
        if (!token.scopes().contains(scope)) {
            SandboxResponses.json(
                    ctx, json, 403, correlatedError("MISSING_SCOPES", "This call needs the scope " + scope));
            return false;
        }
        return true;
    }

    /** Answers 400 and false when HubSpot's spec refuses the request. */
    private boolean conforms(RoutingContext ctx) {
        if (!ctx.request().path().endsWith("/oauth/v3/token")) {
            log.record(ctx);
        }
        List<String> problems = validator.problems(ctx);
        if (!problems.isEmpty()) {
            SandboxResponses.json(
                    ctx,
                    json,
                    400,
                    correlatedError("VALIDATION_ERROR", "Invalid input: " + String.join("; ", problems)));
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- subscriptions

    private void subscriptionsApi(RoutingContext ctx) {
        boolean create = ctx.request().method().name().equals("POST");
        if (!create && !ctx.request().method().name().equals("GET")) {
            SandboxResponses.json(ctx, json, 405, correlatedError("METHOD_NOT_ALLOWED", "GET or POST"));
            return;
        }
        if (!authorized(ctx, create ? "webhooks-journal-subscription-management" : "webhooks-journal-subscription-read")
                || !conforms(ctx)) {
            return;
        }
        if (!create) {
            SandboxResponses.json(ctx, json, 200, Map.of("results", List.copyOf(subscriptions.values())));
            return;
        }
        JsonNode request = SandboxResponses.readJson(ctx, json);
        String type = request == null ? "" : request.path("subscriptionType").asText();
        long id = nextSubscriptionId.getAndIncrement();
        String now = Instant.now().toString();
        Map<String, Object> subscription = new LinkedHashMap<>();
        subscription.put("id", id);
        subscription.put("appId", HubSpotOAuthSandbox.APP_ID);
        subscription.put("subscriptionType", type);
        subscription.put(
                "objectTypeId",
                request == null ? "" : request.path("eventTypeId").asText());
        subscription.put(
                "actions", "APP_LIFECYCLE_EVENT".equals(type) ? List.of("APP_INSTALL", "APP_UNINSTALL") : List.of());
        subscription.put("createdAt", now);
        subscription.put("updatedAt", now);
        subscriptions.put(id, subscription);
        SandboxResponses.json(ctx, json, 200, subscription);
    }

    // ---------------------------------------------------------------- the journal

    private void page(RoutingContext ctx, String after) {
        if (!authorized(ctx, "webhooks-journal-data-access") || !conforms(ctx)) {
            return;
        }
        if (failingReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            SandboxResponses.json(
                    ctx, json, 500, correlatedError("INTERNAL_ERROR", "sandbox fault: the journal failed"));
            return;
        }
        if (malformedReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ctx.response()
                    .setStatusCode(200)
                    .putHeader("Content-Type", "application/json")
                    .end("{\"results\":[{");
            return;
        }
        int count = Integer.parseInt(ctx.pathParam("count"));
        List<JournalEntry> entries;
        synchronized (journal) {
            int from = 0;
            if (after != null) {
                from = -1;
                for (int i = 0; i < journal.size(); i++) {
                    if (journal.get(i).offset().equals(after)) {
                        from = i + 1;
                    }
                }
                // The stand-in forgets its journal on a restart while the connector's database keeps the offset:
                // an offset it never handed out reads from its first entry.
                from = Math.max(from, 0);
            }
            entries = List.copyOf(journal.subList(from, Math.min(journal.size(), from + count)));
        }
        String base = Urls.join(config.publicBaseUrl(), HubSpotSandbox.PREFIX + DATA_PATH + "/");
        List<Map<String, Object>> results = new ArrayList<>();
        String expiresAt = Instant.now().plus(Duration.ofMinutes(5)).toString();
        for (JournalEntry entry : entries) {
            results.add(Map.of("currentOffset", entry.offset(), "expiresAt", expiresAt, "url", base + entry.offset()));
        }
        String now = Instant.now().toString();
        SandboxResponses.json(
                ctx, json, 200, Map.of("status", "COMPLETE", "results", results, "startedAt", now, "completedAt", now));
    }

    private void entryData(RoutingContext ctx) {
        String offset = ctx.pathParam("offset");
        synchronized (journal) {
            for (JournalEntry entry : journal) {
                if (entry.offset().equals(offset)) {
                    ctx.response()
                            .setStatusCode(200)
                            .putHeader("Content-Type", "application/json")
                            .end(entry.events());
                    return;
                }
            }
        }
        SandboxResponses.json(ctx, json, 404, correlatedError("OBJECT_NOT_FOUND", "no journal entry " + offset));
    }

    /** {@code {"failing": N, "malformed": M}}: the next N journal reads answer 500, the M after them bad JSON. */
    private void faults(RoutingContext ctx) {
        JsonNode body = SandboxResponses.readJson(ctx, json);
        if (body == null || !body.isObject()) {
            SandboxResponses.json(
                    ctx,
                    json,
                    400,
                    correlatedError("VALIDATION_ERROR", "body must be {\"failing\": N, \"malformed\": M}"));
            return;
        }
        failingReads.set(body.path("failing").asInt(0));
        malformedReads.set(body.path("malformed").asInt(0));
        SandboxResponses.json(ctx, json, 200, Map.of("failing", failingReads.get(), "malformed", malformedReads.get()));
    }
}
