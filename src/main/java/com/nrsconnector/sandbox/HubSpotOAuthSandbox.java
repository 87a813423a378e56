package com.nrsconnector.sandbox;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
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

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.config.Urls;
import com.nrsconnector.hubspot.HubSpotSignatureVerifier;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The OAuth side of the HubSpot stand-in (under /sandbox/hubspot): the authorize page, which approves at once as demo
 * portal 62516 ({@code portalId=62517} picks the second demo portal) and sends the browser back with a single-use
 * code; the token endpoint (authorization code and refresh grants); token information; the contact-properties API
 * the install uses; and a sandbox control that uninstalls the app from a portal (its tokens stop working, and the
 * connector is sent the signed uninstall event).
 */
@ApplicationScoped
public class HubSpotOAuthSandbox {

    private static final Logger LOG = Logger.getLogger(HubSpotOAuthSandbox.class);
    public static final long INSTALL_PORTAL = 62516;
    public static final long SECOND_PORTAL = 62517;
    /** HubSpot's v1 OAuth API, retired on 2027-02-16: the stand-in answers it as retired (see sunsetV1). */
    public static final String RETIRED_OAUTH_PATH = "/oauth/v1";

    static final long APP_ID = 3070001;
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final String PROPERTIES_PATH = "/crm/v3/properties/contacts";
    /** RFC 6749's answer to a token request that does not name the app's client and secret. */
    static final Map<String, String> INVALID_CLIENT =
            HubSpotErrors.oauthError("invalid_client", "BAD_CLIENT_ID", "client_id or client_secret is wrong");

    private record Code(long portalId, String redirectUri, List<String> scopes, Instant expiresAt) {}

    private record AccessToken(long portalId, List<String> scopes, Instant expiresAt) {}

    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Long> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, List<String>> refreshScopes = new ConcurrentHashMap<>();
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, JsonNode>> properties = new ConcurrentHashMap<>();
    private final HttpClient http = SandboxHttpClients.toConnector();

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    HubSpotJournalSandbox journal;

    private SandboxRequestLog log;
    private HubSpotOpenApiValidator validator;

    /** Mounted by the HubSpot stand-in (after its body handler, before its catch-all /crm route). */
    void mount(Router router, SandboxRequestLog requestLog, HubSpotOpenApiValidator openApi) {
        this.log = requestLog;
        this.validator = openApi;
        long demo = config.sandbox().demoPortalId();
        refreshTokens.put(HubSpotSandbox.DEMO_REFRESH_TOKEN, demo);
        refreshScopes.put(HubSpotSandbox.DEMO_REFRESH_TOKEN, grantedScopes());
        // The demo portal is installed already, so its properties exist.
        for (String name : List.of("mobile_phone_360nrs", "mobile_prefix_360nrs")) {
            ObjectNode property = json.createObjectNode()
                    .put("name", name)
                    .put("label", name)
                    .put("type", "string")
                    .put("fieldType", "text")
                    .put("groupName", "contactinformation");
            properties.computeIfAbsent(demo, p -> new ConcurrentHashMap<>()).put(name, property);
        }
        String prefix = HubSpotSandbox.PREFIX;
        router.get(prefix + "/oauth/authorize").handler(this::authorize);
        router.post(prefix + "/oauth/v3/token").blockingHandler(this::token, false);
        router.post(prefix + "/oauth/v3/token/introspect").blockingHandler(this::introspect, false);
        router.post(prefix + "/oauth/v3/token/revoke").blockingHandler(this::revoke, false);
        router.route(prefix + RETIRED_OAUTH_PATH + "/*").handler(this::sunsetV1);
        router.route(prefix + PROPERTIES_PATH).blockingHandler(this::propertiesApi, false);
        router.route(prefix + PROPERTIES_PATH + "/*").blockingHandler(this::propertiesApi, false);
        router.post(prefix + "/apps/uninstall").blockingHandler(this::uninstall, false);
    }

    /** The portal an unexpired access token was issued for; null when it is unknown, revoked or expired. */
    Long portalOfAccessToken(String token) {
        AccessToken access = token == null ? null : accessTokens.get(token);
        return access == null || access.expiresAt().isBefore(Instant.now()) ? null : access.portalId();
    }

    private List<String> grantedScopes() {
        List<String> scopes = new ArrayList<>(config.hubspot().scopes());
        scopes.addAll(config.hubspot().optionalScopes());
        return scopes;
    }

    // ---------------------------------------------------------------- authorize

    private void authorize(RoutingContext ctx) {
        String clientId = ctx.request().getParam("client_id");
        String redirectUri = ctx.request().getParam("redirect_uri");
        String scope = ctx.request().getParam("scope");
        String state = ctx.request().getParam("state");
        String expectedRedirect = Urls.join(config.publicBaseUrl(), "/oauth/callback");
        if (!config.hubspot().clientId().equals(clientId)) {
            SandboxResponses.json(ctx, json, 400, error("unknown client_id"));
            return;
        }
        if (!expectedRedirect.equals(redirectUri)) {
            // HubSpot only sends the browser back to a redirect URL registered with the app.
            SandboxResponses.json(
                    ctx,
                    json,
                    400,
                    error("redirect_uri is not one of the app's redirect URLs (" + expectedRedirect + ")"));
            return;
        }
        List<String> requested =
                scope == null ? List.of() : List.of(scope.trim().split("\\s+"));
        if (!requested.containsAll(config.hubspot().scopes())) {
            SandboxResponses.json(
                    ctx,
                    json,
                    400,
                    error("scope must name the app's required scopes "
                            + config.hubspot().scopes()));
            return;
        }
        String portalParam = ctx.request().getParam("portalId");
        long portalId;
        try {
            portalId = portalParam == null ? INSTALL_PORTAL : Long.parseLong(portalParam);
        } catch (NumberFormatException e) {
            portalId = -1;
        }
        if (portalId != INSTALL_PORTAL
                && portalId != SECOND_PORTAL
                && portalId != config.sandbox().demoPortalId()) {
            SandboxResponses.json(ctx, json, 400, error("portalId must be " + INSTALL_PORTAL + " or " + SECOND_PORTAL));
            return;
        }
        StringBuilder location = new StringBuilder(redirectUri).append('?');
        if ("true".equals(ctx.request().getParam("deny"))) {
            location.append("error=access_denied&error_description=").append(encode("The user declined the app"));
        } else {
            String code = "sandbox-code-" + UUID.randomUUID();
            codes.put(
                    code,
                    new Code(
                            portalId,
                            redirectUri,
                            grantedScopes(),
                            Instant.now().plus(CODE_LIFETIME)));
            location.append("code=").append(encode(code));
        }
        if (state != null) {
            location.append("&state=").append(encode(state));
        }
        ctx.response()
                .setStatusCode(302)
                .putHeader("Location", location.toString())
                .end();
    }

    // ---------------------------------------------------------------- tokens

    private void token(RoutingContext ctx) {
        Map<String, String> form = validClientForm(ctx);
        if (form == null) {
            return;
        }
        String grantType = form.getOrDefault("grant_type", "");
        Long portal;
        List<String> scopes;
        String refresh;
        if (grantType.equals("refresh_token")) {
            refresh = form.getOrDefault("refresh_token", "");
            portal = refreshTokens.get(refresh);
            scopes = refreshScopes.getOrDefault(refresh, List.of());
            if (portal == null) {
                invalidGrant(ctx, "BAD_REFRESH_TOKEN", "refresh token is invalid, expired or revoked");
                return;
            }
        } else if (grantType.equals("authorization_code")) {
            // A code works once, before it expires, with the redirect URI it was issued for.
            Code code = codes.remove(form.getOrDefault("code", ""));
            if (code == null
                    || code.expiresAt().isBefore(Instant.now())
                    || !code.redirectUri().equals(form.get("redirect_uri"))) {
                invalidGrant(ctx, "BAD_AUTH_CODE", "missing or unknown auth code");
                return;
            }
            portal = code.portalId();
            scopes = code.scopes();
            refresh = "sandbox-refresh-" + portal + "-" + UUID.randomUUID();
            refreshTokens.put(refresh, portal);
            refreshScopes.put(refresh, scopes);
            journal.record("APP_INSTALL", portal);
        } else {
            SandboxResponses.json(
                    ctx,
                    json,
                    400,
                    Map.of(
                            "error",
                            "unsupported_grant_type",
                            "status",
                            "BAD_GRANT_TYPE",
                            "message",
                            "grant_type must be authorization_code or refresh_token"));
            return;
        }
        String access = "sandbox-access-" + portal + "-" + UUID.randomUUID();
        accessTokens.put(access, new AccessToken(portal, scopes, Instant.now().plusSeconds(1800)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", access);
        answer.put("refresh_token", refresh);
        answer.put("expires_in", 1800);
        answer.put("token_type", "bearer");
        SandboxResponses.json(ctx, json, 200, answer);
    }

    private void invalidGrant(RoutingContext ctx, String status, String description) {
        SandboxResponses.json(
                ctx,
                json,
                400,
                Map.of(
                        "error",
                        "invalid_grant",
                        "status",
                        status,
                        "error_description",
                        description,
                        "message",
                        description));
    }

    /**
     * The request's form once it passed the spec and names the app's client: null when it was answered already (400 in
     * HubSpot's error shape, or invalid_client as RFC 6749 says).
     */
    private Map<String, String> validClientForm(RoutingContext ctx) {
        log.record(ctx);
        String body = ctx.body() == null ? "" : ctx.body().asString();
        List<String> problems = validator.problems(ctx);
        if (!problems.isEmpty()) {
            SandboxResponses.json(ctx, json, 400, HubSpotErrors.validationError("", problems));
            return null;
        }
        Map<String, String> form = parseForm(body);
        if (!isAppClient(config, form)) {
            SandboxResponses.json(ctx, json, 400, INVALID_CLIENT);
            return null;
        }
        return form;
    }

    /** RFC 7662: an unknown, expired or revoked token is {"active": false}, nothing more. */
    private void introspect(RoutingContext ctx) {
        Map<String, String> form = validClientForm(ctx);
        if (form == null) {
            return;
        }
        String token = form.getOrDefault("token", "");
        Map<String, Object> answer = new LinkedHashMap<>();
        AccessToken access = accessTokens.get(token);
        Long refreshPortal = refreshTokens.get(token);
        if (access != null && !access.expiresAt().isBefore(Instant.now())) {
            answer.put("active", true);
            answer.put("token_use", "access_token");
            answer.put("hub_id", access.portalId());
            answer.put("scopes", access.scopes());
            answer.put(
                    "expires_in",
                    Math.max(
                            0,
                            Duration.between(Instant.now(), access.expiresAt()).toSeconds()));
        } else if (refreshPortal != null) {
            answer.put("active", true);
            answer.put("token_use", "refresh_token");
            answer.put("hub_id", refreshPortal);
            answer.put("scopes", refreshScopes.getOrDefault(token, List.of()));
        } else {
            SandboxResponses.json(ctx, json, 200, Map.of("active", false));
            return;
        }
        answer.put("token", token);
        answer.put("client_id", config.hubspot().clientId());
        answer.put("app_id", APP_ID);
        answer.put("hub_domain", "demo-" + answer.get("hub_id") + ".example.com");
        answer.put("user_id", 1001);
        answer.put("token_type", "bearer");
        SandboxResponses.json(ctx, json, 200, answer);
    }

    /** RFC 7009: the token stops working; an unknown token is answered 200 all the same. */
    private void revoke(RoutingContext ctx) {
        Map<String, String> form = validClientForm(ctx);
        if (form == null) {
            return;
        }
        String token = form.getOrDefault("token", "");
        refreshTokens.remove(token);
        refreshScopes.remove(token);
        accessTokens.remove(token);
        ctx.response().setStatusCode(200).end();
    }

    /**
     * HubSpot retires the v1 OAuth API on 2027-02-16 (changelog "v1 OAuth API deprecation"). After that date its paths
     * are expected to answer like any retired API, a 404 in HubSpot's error shape; the stand-in answers so already,
     * naming the replacement, so a call left on v1 fails in tests.
     */
    private void sunsetV1(RoutingContext ctx) {
        log.record(ctx);
        SandboxResponses.json(
                ctx,
                json,
                404,
                HubSpotErrors.error(
                        "OBJECT_NOT_FOUND",
                        "The v1 OAuth API was retired on 2027-02-16; use /oauth/v3/token, "
                                + "/oauth/v3/token/introspect and /oauth/v3/token/revoke"));
    }

    // ---------------------------------------------------------------- contact properties

    private void propertiesApi(RoutingContext ctx) {
        log.record(ctx);
        String auth = ctx.request().getHeader("Authorization");
        Long portal = portalOfAccessToken(auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null);
        if (portal == null) {
            SandboxResponses.json(
                    ctx,
                    json,
                    401,
                    HubSpotErrors.error("INVALID_AUTHENTICATION", "Authentication credentials not found or expired."));
            return;
        }
        String path = ctx.request().path().substring(HubSpotSandbox.PREFIX.length());
        String method = ctx.request().method().name();
        List<String> problems = validator.problems(ctx);
        if (!problems.isEmpty()) {
            SandboxResponses.json(ctx, json, 400, HubSpotErrors.validationError("Invalid input JSON: ", problems));
            return;
        }
        Map<String, JsonNode> own = properties.computeIfAbsent(portal, p -> new ConcurrentHashMap<>());
        if (method.equals("GET") && path.startsWith(PROPERTIES_PATH + "/")) {
            JsonNode property = own.get(path.substring(PROPERTIES_PATH.length() + 1));
            if (property == null) {
                SandboxResponses.json(
                        ctx,
                        json,
                        404,
                        HubSpotErrors.error(
                                "OBJECT_NOT_FOUND",
                                "Unable to find property " + path.substring(PROPERTIES_PATH.length() + 1)));
            } else {
                SandboxResponses.json(ctx, json, 200, property);
            }
            return;
        }
        if (method.equals("POST") && path.equals(PROPERTIES_PATH)) {
            JsonNode property = SandboxResponses.readJson(ctx, json);
            String name = property == null ? "" : property.path("name").asText();
            if (own.putIfAbsent(name, property) != null) {
                SandboxResponses.json(
                        ctx,
                        json,
                        409,
                        HubSpotErrors.error(
                                "OBJECT_ALREADY_EXISTS", "A property named '" + name + "' already exists."));
                return;
            }
            SandboxResponses.json(ctx, json, 201, property);
            return;
        }
        SandboxResponses.json(ctx, json, 404, error("not served by the sandbox: " + method + " " + path));
    }

    // ---------------------------------------------------------------- sandbox control: uninstall

    /**
     * {@code {"portalId": N, "notify": true, "journal": true}}: the app is uninstalled from the portal. Its tokens stop
     * working (a refresh answers invalid_grant); unless notify is false, the connector is sent the signed uninstall
     * event, and unless journal is false, the event is written to the webhooks journal.
     */
    private void uninstall(RoutingContext ctx) {
        JsonNode body = SandboxResponses.readJson(ctx, json);
        if (body == null || !body.path("portalId").canConvertToLong()) {
            SandboxResponses.json(
                    ctx,
                    json,
                    400,
                    error("body must be {\"portalId\": N, \"notify\": optional boolean, "
                            + "\"journal\": optional boolean}"));
            return;
        }
        long portalId = body.get("portalId").asLong();
        int revoked = 0;
        for (Map.Entry<String, Long> entry : Set.copyOf(refreshTokens.entrySet())) {
            if (entry.getValue() == portalId && refreshTokens.remove(entry.getKey()) != null) {
                revoked++;
            }
        }
        accessTokens.values().removeIf(access -> access.portalId() == portalId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("portalId", portalId);
        answer.put("revokedRefreshTokens", revoked);
        if (body.path("journal").asBoolean(true)) {
            answer.put("journal", journal.record("APP_UNINSTALL", portalId));
        }
        if (body.path("notify").asBoolean(true)) {
            try {
                List<Map<String, Object>> events = List.of(Map.of(
                        "eventId",
                        UUID.randomUUID().toString(),
                        "subscriptionType",
                        "APP_LIFECYCLE_EVENT",
                        "action",
                        "APP_UNINSTALL",
                        "portalId",
                        portalId,
                        "appId",
                        APP_ID,
                        "occurredAt",
                        System.currentTimeMillis()));
                String text = json.writeValueAsString(events);
                String url = Urls.join(config.publicBaseUrl(), "/hubspot/webhooks/app-lifecycle");
                String timestamp = Long.toString(System.currentTimeMillis());
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .header(
                                        HubSpotSignatureVerifier.SIGNATURE_HEADER,
                                        HubSpotSignatureVerifier.sign(
                                                config.hubspot().clientSecret(), "POST", url, text, timestamp))
                                .header(HubSpotSignatureVerifier.TIMESTAMP_HEADER, timestamp)
                                .POST(HttpRequest.BodyPublishers.ofString(text))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                answer.put("status", response.statusCode());
                answer.put("response", json.readTree(response.body().isBlank() ? "{}" : response.body()));
            } catch (Exception e) {
                LOG.warn("sandbox uninstall could not reach the connector", e);
                answer.put("status", 0);
                answer.put("response", error("the connector did not answer: " + e));
            }
        }
        SandboxResponses.json(ctx, json, 200, answer);
    }

    // ---------------------------------------------------------------- helpers

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Whether a token request's form names the app's client and its secret. */
    static boolean isAppClient(ConnectorConfig config, Map<String, String> form) {
        return config.hubspot().clientId().equals(form.get("client_id"))
                && config.hubspot().clientSecret().equals(form.get("client_secret"));
    }

    /** An x-www-form-urlencoded body as a map (the stand-ins' token endpoints share it). */
    static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static Map<String, String> error(String message) {
        return Map.of("status", "error", "message", message);
    }
}
