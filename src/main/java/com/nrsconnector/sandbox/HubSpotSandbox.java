package com.nrsconnector.sandbox;

import static com.nrsconnector.sandbox.HubSpotErrors.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.ConnectorConfig;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * In-process stand-in for HubSpot, served under /sandbox/hubspot: this class wires its HTTP paths and is the gate of
 * every API call (the request log, faults asked for, the bearer token, the rate limit, the check against HubSpot's
 * OpenAPI specs) before the class of the concern answers it: contacts ({@link HubSpotContactsSandbox}), the property
 * list ({@link HubSpotPropertyListSandbox}), deals and their associations ({@link HubSpotDealsSandbox}), timelines
 * ({@link HubSpotTimelineSandbox}), workflow enrollment ({@link HubSpotWorkflowEnrollmentSandbox}) and callback
 * completions ({@link HubSpotCallbackCompletionsSandbox}); OAuth and contact properties are in
 * {@link HubSpotOAuthSandbox}, the webhooks journal in {@link HubSpotJournalSandbox}.
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
    public static final String DEMO_REFRESH_TOKEN = "sandbox-refresh-token";

    private final SandboxRequestLog log = new SandboxRequestLog(PREFIX);

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    HubSpotOAuthSandbox oauth;

    @Inject
    HubSpotJournalSandbox journal;

    @Inject
    HubSpotContactsSandbox contacts;

    @Inject
    HubSpotPropertyListSandbox propertyList;

    @Inject
    HubSpotDealsSandbox deals;

    @Inject
    HubSpotTimelineSandbox timeline;

    @Inject
    HubSpotWorkflowEnrollmentSandbox enrollment;

    @Inject
    HubSpotCallbackCompletionsSandbox completions;

    @Inject
    HubSpotRateLimitSandbox rateLimit;

    private HubSpotOpenApiValidator validator;

    private SandboxFaults faults;

    void init(@Observes Router router) {
        if (!config.sandbox().enabled()) {
            return;
        }
        validator = new HubSpotOpenApiValidator();
        contacts.seedDemoContacts();
        router.route(PREFIX + "/*").handler(BodyHandler.create());
        // Sandbox controls.
        router.post(PREFIX + "/contacts").blockingHandler(contacts::upsertContact, false);
        router.post(PREFIX + "/contacts/batch").blockingHandler(contacts::upsertContacts, false);
        router.post(PREFIX + "/deals").blockingHandler(deals::upsertDeal, false);
        router.get(PREFIX + "/contacts/:id/timeline").handler(timeline::readTimeline);
        router.get(PREFIX + "/contacts/:id").handler(contacts::readContact);
        router.post(PREFIX + "/workflows/enroll").blockingHandler(enrollment::enroll, false);
        router.post(PREFIX + "/workflows/executions").handler(completions::registerExecutions);
        router.get(PREFIX + "/requests").handler(ctx -> SandboxResponses.json(ctx, json, 200, log.all()));
        router.get(PREFIX + "/callbacks").handler(completions::listCompletions);
        router.get(PREFIX + "/callbacks/refused").handler(completions::listRefusedCompletions);
        router.post(PREFIX + "/timeline/refusals").handler(timeline::refuseTimelineEvents);
        router.get(PREFIX + "/rate-limit").handler(rateLimit::rateLimitCounts);
        router.get(PREFIX + "/summary").handler(this::summary);
        router.get(PREFIX + "/timeline/received/:eventType").handler(timeline::timelineReceipts);
        // HubSpot's API, as the connector calls it.
        faults = new SandboxFaults("HubSpot", json, config.sandbox().timeoutDelay());
        faults.mount(router, PREFIX);
        // The contact-properties list (for the send form's token picker) answers from the contacts held here.
        router.get(PREFIX + "/crm/v3/properties/contacts").blockingHandler(ctx -> api(ctx, propertyList::api), false);
        // OAuth (authorize, token, token info), contact properties, uninstall: before the catch-all /crm route.
        journal.mount(router, log, validator);
        oauth.mount(router, log, validator);
        router.route(PREFIX + "/crm/*").blockingHandler(ctx -> api(ctx, this::crmApi), false);
        router.route(PREFIX + "/integrators/*").blockingHandler(ctx -> api(ctx, timeline::api), false);
        router.route(PREFIX + "/automation/*").blockingHandler(ctx -> api(ctx, completions::api), false);
    }

    /**
     * {@code GET /sandbox/hubspot/summary}: counts only, cheap to poll during a load run: per event type, the contacts
     * whose timeline has one; the workflow executions completed and the completions refused.
     */
    private void summary(RoutingContext ctx) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("timeline", timeline.contactsPerEventType());
        answer.putAll(completions.counts());
        SandboxResponses.json(ctx, json, 200, answer);
    }

    /** Under /crm: the deal-to-contact associations are the deals', the rest the contacts'. */
    private void crmApi(RoutingContext ctx, String path, JsonNode body, long portalId) {
        if (path.startsWith(HubSpotDealsSandbox.ASSOCIATIONS_PATH)) {
            deals.associations(ctx, path, portalId);
        } else {
            contacts.api(ctx, path, body, portalId);
        }
    }

    /** One API of a concern, called once the gate let the request through. */
    @FunctionalInterface
    interface ApiHandler {
        void handle(RoutingContext ctx, String path, JsonNode body, long portalId) throws Exception;
    }

    private void api(RoutingContext ctx, ApiHandler handler) {
        log.record(ctx);
        if (faults.intercept(
                ctx,
                HubSpotErrors.error("RATE_LIMITS", "sandbox fault: HubSpot is answering with an error on purpose"))) {
            return;
        }
        String path = ctx.request().path().substring(PREFIX.length());
        String auth = ctx.request().getHeader("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        Long tokenPortal = oauth.portalOfAccessToken(token);
        if (tokenPortal == null) {
            SandboxResponses.json(
                    ctx,
                    json,
                    401,
                    HubSpotErrors.error(
                            "INVALID_AUTHENTICATION",
                            "Authentication credentials not found or expired. This API supports OAuth 2.0 authentication."));
            return;
        }
        if (rateLimit.rateLimited(ctx, tokenPortal)) {
            return;
        }
        String body = ctx.body() == null ? null : ctx.body().asString();
        // No copy of the associations v4 spec ships with the connector: those reads are served unchecked.
        List<String> problems = path.startsWith(HubSpotDealsSandbox.ASSOCIATIONS_PATH)
                        || !config.sandbox().hubspotRequestValidation()
                ? List.of()
                : validator.problems(ctx);
        if (!problems.isEmpty()) {
            SandboxResponses.json(ctx, json, 400, HubSpotErrors.validationError("Invalid input JSON: ", problems));
            return;
        }
        try {
            handler.handle(ctx, path, SandboxRequestBodies.json(body, json), tokenPortal);
        } catch (Exception e) {
            LOG.warn("sandbox HubSpot handler failed", e);
            SandboxResponses.json(ctx, json, 500, error(e.toString()));
        }
    }
}
