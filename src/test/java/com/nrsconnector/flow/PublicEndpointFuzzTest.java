package com.nrsconnector.flow;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.hubspot.HubSpotSignatureVerifier;
import com.nrsconnector.security.CallbackSigner;
import com.nrsconnector.store.Db;
import com.nrsconnector.unsubscribe.UnsubscribePageSettings;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Thousands of hostile inputs from a fixed seed to every public endpoint, signed where a signature is needed. Whatever
 * arrives: no 5xx, every refusal in the JSON error shape (the install pages: an HTML page that says why), nothing
 * stored for a refused workflow call, no message sent
 * to 360nrs twice, every message settled, and the connector still ready afterwards.
 */
@QuarkusTest
class PublicEndpointFuzzTest {

    private static final long SEED = 0x5EED_2026L;
    private static final String SEND_SMS = "/hubspot/actions/send-sms";
    private static final String ANALYZE = "/api/v1/messages/analyze";
    private static final String CARD = "/hubspot/card/messages";
    private static final String FORM_PAGE = "/forms/sms";
    private static final String FORM_CONTEXT = "/forms/sms/context";
    private static final String FORM_SEND = "/forms/sms/send";
    private static final String SEND_VOICE = "/hubspot/actions/send-voice";
    private static final String SEND_IVR = "/hubspot/actions/send-ivr";
    private static final String VOICE_FORM_SEND = "/forms/voice/send";
    private static final String SECRET = "sandbox-client-secret";
    private static final long DEMO_PORTAL = 62515;
    /** The demo portal the connection page's session is opened for (not connected at start). */
    private static final long SESSION_PORTAL = 62517;

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Duration CALL_LIMIT = Duration.ofSeconds(30);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);
    private static final Pattern CALLBACK_NO = Pattern.compile("^fz-(\\d+)");
    private static final Pattern MARKER = Pattern.compile("fzm(\\d+)x");
    private static final int EXAMPLES = 3;

    /** Far beyond any real message id: a signed report for it can never reach another test's message. */
    private static final long FAR_REFERENCE = 9_000_000_000_000L;

    @Inject
    Db db;

    @Inject
    CallbackSigner callbackSigner;

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    UnsubscribePageSettings unsubscribePageSettings;

    private FuzzInputs in;
    private RawHttp http;
    private final List<Long> ownMessageIds = new ArrayList<>();
    /** Real links of the card (contact 1001), so the form endpoints are also fuzzed past their link check. */
    private final List<Map<String, String>> formLinks = new ArrayList<>();
    /** Real voice form links of the same card answers. */
    private final List<Map<String, String>> voiceFormLinks = new ArrayList<>();

    /** One request and what it was meant to probe. */
    private record Case(
            String endpoint,
            String method,
            String target,
            Map<String, String> headers,
            byte[] body,
            Integer callbackNo,
            String description) {}

    private final Map<String, Integer> answersByStatus = new TreeMap<>();
    private final Map<String, List<String>> examples = new TreeMap<>();
    private final Map<String, Integer> byKind = new TreeMap<>();
    private final Set<Integer> refusedCallbackNos = new HashSet<>();
    private int sent;
    private int serverErrors;
    private int badRefusalShape;
    private int refusedByCodec;
    private int noAnswer;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void noInputBreaksThePublicEndpoints() throws Exception {
        Config mp = ConfigProvider.getConfig();
        int port = mp.getValue("quarkus.http.test-port", Integer.class);
        http = new RawHttp("localhost", port, CALL_LIMIT);
        in = new FuzzInputs(SEED);

        // A few real sends first, so signed delivery reports can target real messages of this test.
        for (int i = 0; i < 5; i++) {
            Case valid = sendSms(i, true, 0);
            RawHttp.Answer answer = http.send(valid.method(), valid.target(), valid.headers(), valid.body());
            sent++;
            answersByStatus.merge(valid.endpoint() + " " + answer.status(), 1, Integer::sum);
            assertEquals(200, answer.status(), "a valid signed workflow call: " + answer.bodyText());
        }
        awaitOwnMessages(5);
        issueFormLinks(40);

        List<String> schedule = new ArrayList<>();
        addTimes(schedule, "send-signed", 1100);
        addTimes(schedule, "send-unsigned", 350);
        addTimes(schedule, "analyze", 600);
        addTimes(schedule, "short-link", 300);
        addTimes(schedule, "callback", 450);
        addTimes(schedule, "unsubscribe", 150);
        addTimes(schedule, "method", 100);
        addTimes(schedule, "card", 200);
        addTimes(schedule, "form-page", 100);
        addTimes(schedule, "form-context", 100);
        addTimes(schedule, "form-send", 250);
        Collections.shuffle(schedule, in.random());
        long fuzzStart = System.nanoTime();
        int n = 5;
        for (String kind : schedule) {
            Case c = switch (kind) {
                case "send-signed" -> sendSms(n, true, in.between(0, 3));
                case "send-unsigned" -> sendSms(n, false, in.between(0, 3));
                case "analyze" -> analyze();
                case "short-link" -> shortLink();
                case "callback" -> callback();
                case "unsubscribe" -> unsubscribe();
                case "card" -> card();
                case "form-page" -> formLink(FORM_PAGE);
                case "form-context" -> formLink(FORM_CONTEXT);
                case "form-send" -> formSend();
                default -> wrongMethod(n);
            };
            n++;
            run(c);
        }

        // The OAuth install, connection page and app lifecycle endpoints, from inputs of their own (so the cases
        // above stay what they were for the seed).
        in = new FuzzInputs(SEED ^ 0x0A07_2026L);
        for (int i = 0; i < 400; i++) {
            run(oauth());
        }
        // Replies forwarded by 360nrs, from inputs of their own too.
        in = new FuzzInputs(SEED ^ 0x0B15_2026L);
        for (int i = 0; i < 300; i++) {
            run(reply());
        }

        // The connection page's unsubscribe page form, mostly with a real session and its CSRF token, so hostile
        // texts and logo URLs reach the settings' checks (inputs of their own again).
        in = new FuzzInputs(SEED ^ 0x0B0B_2026L);
        String[] session = connectionPageSession();
        try {
            for (int i = 0; i < 200; i++) {
                run(unsubscribePageForm(session[0], session[1]));
            }
        } finally {
            unsubscribePageSettings.save(SESSION_PORTAL, null, null);
        }
        // The statistics page and API, with that session, a forged one, Basic credentials or nothing (inputs of
        // their own).
        in = new FuzzInputs(SEED ^ 0x0C57_2026L);
        for (int i = 0; i < 200; i++) {
            run(statistics(session[0]));
        }

        // The voice and interactive-voice endpoints (workflow actions, key reports, the voice form), from inputs of
        // their own. Their callbackIds (fzv-…) are not traced like the SMS ones; their calls must settle all the same.
        in = new FuzzInputs(SEED ^ 0x0B0C_2026L);
        for (int i = 0; i < 700; i++) {
            double roll = in.random().nextDouble();
            run(
                    roll < 0.5
                            ? sendVoice(i)
                            : roll < 0.7 ? voiceKeyReport() : roll < 0.9 ? voiceFormSend() : voiceWrongMethod());
        }

        long fuzzEnd = System.nanoTime();
        long stuck = awaitSettled();
        int storedFromRefused = storedFromRefused();
        int sentMoreThanOnce = sentMoreThanOnce();
        String health = health(mp, port);

        StringBuilder summary = new StringBuilder("\n=== public endpoint fuzz (seed ")
                .append(Long.toHexString(SEED))
                .append(") ===\n");
        summary.append("requests = ").append(sent).append('\n');
        summary.append("answers by status = ").append(answersByStatus).append('\n');
        summary.append("5xx = ").append(serverErrors).append('\n');
        summary.append("refusals not in the JSON shape = ")
                .append(badRefusalShape)
                .append('\n');
        summary.append("request lines the HTTP server's codec refuses (malformed URI or over its length limit; "
                        + "empty 400/414 before any connector code) = ")
                .append(refusedByCodec)
                .append('\n');
        summary.append("no answer within ")
                .append(CALL_LIMIT.toSeconds())
                .append(" s = ")
                .append(noAnswer)
                .append('\n');
        summary.append("messages stored from refused calls = ")
                .append(storedFromRefused)
                .append('\n');
        summary.append("360nrs requests per message > 1 = ")
                .append(sentMoreThanOnce)
                .append('\n');
        summary.append("pending after settling = ").append(stuck).append('\n');
        summary.append("health after = ").append(health).append('\n');
        summary.append("fuzzing took ")
                .append(Duration.ofNanos(fuzzEnd - fuzzStart).toSeconds())
                .append(" s\n");
        byKind.forEach((kind, count) ->
                summary.append("  ").append(kind).append(" = ").append(count).append('\n'));
        examples.forEach((what, list) -> {
            summary.append("examples of ").append(what).append(":\n");
            list.forEach(e -> summary.append("  ").append(e).append('\n'));
        });
        System.out.println(summary);

        final int stored = storedFromRefused;
        final int twice = sentMoreThanOnce;
        assertAll(
                () -> assertEquals(0, serverErrors, "5xx"),
                () -> assertEquals(0, badRefusalShape, "refusals not in the JSON shape"),
                () -> assertEquals(0, noAnswer, "calls with no answer in time"),
                () -> assertEquals(0, stored, "messages stored from refused calls"),
                () -> assertEquals(0, twice, "360nrs requests per message > 1"),
                () -> assertEquals(0L, stuck, "messages still PENDING after settling"),
                () -> assertEquals("UP", health, "health after"));
    }

    private static void addTimes(List<String> schedule, String kind, int times) {
        for (int i = 0; i < times; i++) {
            schedule.add(kind);
        }
    }

    // --- cases ------------------------------------------------------------------------------------------------

    private static final List<String> SEND_PATHS = List.of(
            "callbackId",
            "origin",
            "origin.portalId",
            "origin.actionDefinitionId",
            "context",
            "context.source",
            "context.workflowId",
            "object",
            "object.objectId",
            "object.objectType",
            "object.properties",
            "object.properties.mobilephone",
            "object.properties.firstname",
            "inputFields",
            "inputFields.sender",
            "inputFields.message",
            "inputFields.message",
            "inputFields.message",
            "inputFields.sender",
            "inputFields.campaignName",
            "inputFields.country",
            "inputFields.shortenUrls",
            "inputFields.utmSource",
            "inputFields.utmCampaign",
            "inputFields.unknown",
            "unknownTopLevel");

    private Case sendSms(int n, boolean signed, int mutations) {
        Map<String, Object> payload = new LinkedHashMap<>();
        String callbackId = "fz-" + n;
        double idRoll = in.random().nextDouble();
        if (mutations > 0 && idRoll < 0.2) {
            // Hostile callback ids keep the unique prefix, so a stored row can still be traced to its call.
            String suffix = in.hostileString();
            callbackId = callbackId + "-" + (suffix.length() > 5000 ? suffix.substring(0, 5000) : suffix);
        } else if (mutations > 0 && idRoll < 0.25) {
            callbackId = callbackId + "-" + "x".repeat(in.between(240, 300));
        }
        payload.put("callbackId", callbackId);
        payload.put("origin", new LinkedHashMap<>(Map.of("portalId", DEMO_PORTAL, "actionDefinitionId", 1)));
        payload.put("context", new LinkedHashMap<>(Map.of("source", "WORKFLOWS", "workflowId", 7)));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("mobilephone", "+34612345678");
        properties.put("firstname", "Ana");
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("objectId", 1001);
        object.put("objectType", "CONTACT");
        object.put("properties", properties);
        payload.put("object", object);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("sender", "ACME");
        inputs.put("message", "Hola {{contact.firstname}} fzm" + n + "x fin");
        payload.put("inputFields", inputs);

        List<String> changed = new ArrayList<>();
        for (int i = 0; i < mutations; i++) {
            String path = in.pick(SEND_PATHS);
            if (in.chance(0.15)) {
                FuzzInputs.set(payload, path, null, true);
                changed.add("-" + path);
            } else if (path.equals("inputFields.message") && in.chance(0.75)) {
                FuzzInputs.set(payload, path, in.hostileString() + " fzm" + n + "x " + in.hostileString(), false);
                changed.add(path + "=hostile text");
            } else {
                Object value = in.hostileValue();
                FuzzInputs.set(payload, path, value, false);
                changed.add(path + "=" + describe(value));
            }
        }
        Object finalId = payload.get("callbackId");
        Integer callbackNo = finalId instanceof String s && s.startsWith("fz-" + n) ? n : null;
        byte[] body = FuzzInputs.json(payload).getBytes(StandardCharsets.UTF_8);
        if (mutations > 0 && in.chance(0.12)) {
            String damage = in.pick(List.of(
                    "truncated",
                    "trailing",
                    "nested-arrays",
                    "nested-objects",
                    "comment",
                    "bom",
                    "invalid-utf8",
                    "nul-byte",
                    "empty",
                    "scalar",
                    "single-quotes",
                    "duplicate-id",
                    "form",
                    "leading-whitespace"));
            body = damage(body, damage, callbackId);
            changed.add("body:" + damage);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", mutations == 0 ? "application/json" : contentType());
        if (in.chance(0.3)) {
            headers.put("Accept", in.pick(List.of("application/json", "text/html", "*/*", "application/xml")));
        }
        String signing = "none";
        if (signed) {
            signing = sign(headers, body, "valid");
        } else if (in.chance(0.7)) {
            signing = sign(
                    headers,
                    body,
                    in.pick(List.of(
                            "wrong-secret", "stale", "other-url", "garbage", "bad-timestamp", "long-signature")));
        }
        String description = "send-sms #" + n + " [" + signing + "] " + String.join(", ", changed);
        return new Case("send-sms", "POST", SEND_SMS, headers, body, callbackNo, description);
    }

    private String sign(Map<String, String> headers, byte[] body, String how) {
        return sign(headers, body, how, SEND_SMS);
    }

    private String sign(Map<String, String> headers, byte[] body, String how, String path) {
        String url = config.publicBaseUrl() + path;
        String text = new String(body, StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();
        String timestamp =
                Long.toString(how.equals("stale") ? now - Duration.ofMinutes(6).toMillis() : now);
        String secret = how.equals("wrong-secret") ? "not-the-secret" : SECRET;
        String signedUrl = how.equals("other-url") ? "http://evil.example" + path : url;
        String signature = HubSpotSignatureVerifier.sign(secret, "POST", signedUrl, text, timestamp);
        switch (how) {
            case "garbage" -> signature = in.pick(List.of("%00", "", " ", "${body}", "=", "AAAA", "not base64 !!"));
            case "bad-timestamp" ->
                timestamp = in.pick(List.of("yesterday", "-1", "1e3", "99999999999999999999", "0x10"));
            case "long-signature" -> signature = "A".repeat(in.between(1000, 6000));
            default -> {}
        }
        headers.put(HubSpotSignatureVerifier.TIMESTAMP_HEADER, timestamp);
        headers.put(HubSpotSignatureVerifier.SIGNATURE_HEADER, signature);
        return how;
    }

    private Case analyze() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", in.chance(0.8) ? in.hostileString() : "Olá, a sua encomenda está pronta");
        if (in.chance(0.8)) {
            body.put(
                    "encoding", in.chance(0.6) ? in.pick(List.of("auto", "gsm", "gsm-pt", "ucs2")) : in.hostileValue());
        }
        if (in.chance(0.5)) {
            body.put("smartEncoding", in.chance(0.6) ? in.chance(0.5) : in.hostileValue());
        }
        if (in.chance(0.1)) {
            body.put("text", in.hostileValue());
        }
        if (in.chance(0.05)) {
            body.remove("text");
        }
        byte[] bytes = FuzzInputs.json(body).getBytes(StandardCharsets.UTF_8);
        String description = "analyze " + describe(body.get("text")) + " encoding=" + describe(body.get("encoding"));
        if (in.chance(0.15)) {
            String damage = in.pick(List.of(
                    "truncated",
                    "trailing",
                    "nested-arrays",
                    "nested-objects",
                    "comment",
                    "bom",
                    "invalid-utf8",
                    "nul-byte",
                    "empty",
                    "scalar",
                    "single-quotes",
                    "form",
                    "leading-whitespace"));
            bytes = damage(bytes, damage, "");
            description += " body:" + damage;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType());
        return new Case("analyze", "POST", ANALYZE, headers, bytes, null, description);
    }

    private Case shortLink() {
        String code = in.chance(0.35) ? randomCode(8) : in.hostileUrlPart();
        String target = "/l/" + code + (in.chance(0.2) ? "?" + in.hostileUrlPart() : "");
        return new Case("short-link", "GET", target, Map.of(), null, null, "GET " + RawHttp.abbreviate(target));
    }

    private Case unsubscribe() {
        String token = in.chance(0.4)
                ? Long.toString(in.between(1, 1_000_000), 36) + "." + randomCode(in.between(10, 40))
                : in.hostileUrlPart();
        String target = "/u/" + token;
        if (in.chance(0.3)) {
            // A confirmation: a form, or anything else, with or without a confirm field.
            String form = in.chance(0.5) ? "confirm=" + in.hostileUrlPart() : in.hostileUrlPart();
            Map<String, String> headers =
                    Map.of("Content-Type", in.chance(0.7) ? "application/x-www-form-urlencoded" : contentType());
            return new Case(
                    "unsubscribe",
                    "POST",
                    target,
                    headers,
                    form.getBytes(StandardCharsets.UTF_8),
                    null,
                    "POST " + RawHttp.abbreviate(target) + " " + RawHttp.abbreviate(form));
        }
        String language = in.chance(0.3) ? in.hostileUrlPart() : null;
        Map<String, String> headers = language == null
                ? Map.of()
                : Map.of("Accept-Language", language.length() > 1000 ? language.substring(0, 1000) : language);
        return new Case("unsubscribe", "GET", target, headers, null, null, "GET " + RawHttp.abbreviate(target));
    }

    /** Headers stay under the HTTP server's own header limit, which refuses before any handler runs. */
    private static String abbreviateTo(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    /** The install flow's pages and forms, and HubSpot's app lifecycle events, with hostile parameters and cookies. */
    private Case oauth() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (in.chance(0.6)) {
            headers.put(
                    "Cookie",
                    "nrs_connector_session="
                            + (in.chance(0.5)
                                    ? in.between(1, 99999) + "." + randomCode(22) + "." + in.between(1, 2_000_000_000)
                                            + "." + randomCode(43)
                                    : abbreviateTo(in.hostileUrlPart(), 4000)));
        }
        switch (in.between(0, 5)) {
            case 0 -> {
                String target = "/oauth/callback?" + (in.chance(0.8) ? "code=" + in.hostileUrlPart() + "&" : "")
                        + (in.chance(0.8) ? "state=" + in.hostileUrlPart() : "") + (in.chance(0.2) ? "&state=x" : "");
                return new Case(
                        "oauth-page callback", "GET", target, headers, null, null, "GET " + RawHttp.abbreviate(target));
            }
            case 1 -> {
                String target = "/oauth/callback?error=" + in.hostileUrlPart() + "&state=" + in.hostileUrlPart();
                return new Case(
                        "oauth-page callback", "GET", target, headers, null, null, "GET " + RawHttp.abbreviate(target));
            }
            case 2 -> {
                String target = "/oauth/portal" + (in.chance(0.3) ? "?warnings=" + in.hostileUrlPart() : "");
                return new Case(
                        "oauth-page portal",
                        "GET",
                        target,
                        headers,
                        null,
                        null,
                        "GET " + RawHttp.abbreviate(target) + " cookie "
                                + RawHttp.abbreviate(headers.getOrDefault("Cookie", "none")));
            }
            case 3, 4 -> {
                String target = in.chance(0.5) ? "/oauth/portal/account" : "/oauth/portal/disconnect";
                headers.put("Content-Type", in.chance(0.7) ? "application/x-www-form-urlencoded" : contentType());
                String body = "csrf=" + in.hostileUrlPart() + "&apiUser=" + in.hostileUrlPart() + "&apiPassword="
                        + in.hostileUrlPart() + (in.chance(0.2) ? "&" + in.hostileUrlPart() : "");
                return new Case(
                        "oauth-page form",
                        "POST",
                        target,
                        headers,
                        body.getBytes(StandardCharsets.UTF_8),
                        null,
                        "POST " + target + " " + RawHttp.abbreviate(body));
            }
            default -> {
                headers.put("Content-Type", "application/json");
                byte[] body = FuzzInputs.json(List.of(Map.of(
                                "subscriptionType",
                                "APP_LIFECYCLE_EVENT",
                                "action",
                                "APP_UNINSTALL",
                                "portalId",
                                in.hostileValue())))
                        .getBytes(StandardCharsets.UTF_8);
                return new Case(
                        "app-lifecycle",
                        "POST",
                        "/hubspot/webhooks/app-lifecycle",
                        headers,
                        body,
                        null,
                        "POST app-lifecycle unsigned");
            }
        }
    }

    /** The statistics page and API with hostile portals and periods, and every kind of credentials. */
    private Case statistics(String sessionCookie) {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (in.between(0, 3)) {
            case 0 -> headers.put("Cookie", sessionCookie);
            case 1 ->
                headers.put(
                        "Cookie",
                        "nrs_connector_session="
                                + (in.chance(0.5)
                                        ? in.between(1, 99999) + "." + randomCode(22) + "."
                                                + in.between(1, 2_000_000_000) + "." + randomCode(43)
                                        : abbreviateTo(in.hostileUrlPart(), 4000)));
            case 2 ->
                headers.put(
                        "Authorization",
                        in.chance(0.5)
                                ? "Basic " + abbreviateTo(in.hostileUrlPart(), 2000)
                                : "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        "ops:sandbox-ops-password".getBytes(StandardCharsets.UTF_8)));
            default -> {}
        }
        boolean page = in.chance(0.3);
        String target = (page
                        ? "/oauth/portal/stats"
                        : in.pick(List.of(
                                "/api/v1/stats/campaigns", "/api/v1/stats/workflows", "/api/v1/stats/contacts")))
                + "?" + (in.chance(0.5) ? "portalId=" + (in.chance(0.5) ? SESSION_PORTAL : in.hostileUrlPart()) : "")
                + (in.chance(0.7) ? "&from=" + in.hostileUrlPart() : "")
                + (in.chance(0.5) ? "&to=" + in.hostileUrlPart() : "");
        return new Case(
                page ? "oauth-page statistics" : "statistics",
                "GET",
                target,
                headers,
                null,
                null,
                "GET " + RawHttp.abbreviate(target) + " " + String.join(",", headers.keySet()));
    }

    /**
     * Installs {@link #SESSION_PORTAL} as a browser does (HubSpot's stand-in approves at once) and answers the
     * connection page's session cookie and its CSRF token.
     */
    private String[] connectionPageSession() throws IOException {
        RawHttp.Answer install = http.send("GET", "/oauth/install", Map.of(), null);
        String authorize = pathAndQuery(install.headers().get("location")) + "&portalId=" + SESSION_PORTAL;
        RawHttp.Answer approved = http.send("GET", authorize, Map.of(), null);
        RawHttp.Answer opened = http.send("GET", pathAndQuery(approved.headers().get("location")), Map.of(), null);
        String cookie = opened.headers().getOrDefault("set-cookie", "").split(";", 2)[0];
        RawHttp.Answer page = http.send("GET", "/oauth/portal", Map.of("Cookie", cookie), null);
        Matcher csrf = CSRF.matcher(page.bodyText());
        if (page.status() != 200 || !csrf.find()) {
            throw new AssertionError("no connection page for the fuzzed form: " + page.status() + " "
                    + RawHttp.abbreviate(page.bodyText()));
        }
        return new String[] {cookie, csrf.group(1)};
    }

    private static String pathAndQuery(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** The unsubscribe page form of the connection page: hostile texts, logo URLs, tokens and cookies. */
    private Case unsubscribePageForm(String cookie, String csrf) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (in.chance(0.9)) {
            headers.put(
                    "Cookie",
                    in.chance(0.9) ? cookie : "nrs_connector_session=" + abbreviateTo(in.hostileUrlPart(), 4000));
        }
        headers.put("Content-Type", in.chance(0.85) ? "application/x-www-form-urlencoded" : contentType());
        String token = in.chance(0.85) ? csrf : in.hostileUrlPart();
        String text = in.chance(0.15) ? FuzzInputs.percentEncode("Hola\r\n\r\nAdiós") : in.hostileUrlPart();
        String logo;
        double logoRoll = in.random().nextDouble();
        if (logoRoll < 0.35) {
            String path = in.hostileString();
            logo = FuzzInputs.percentEncode("https://cdn.example.com/" + abbreviateTo(path, 2100));
        } else if (logoRoll < 0.45) {
            logo = FuzzInputs.percentEncode(in.pick(List.of(
                    "javascript:alert(1)",
                    "data:image/png;base64,AAAA",
                    "https://user:pw@cdn.example.com/x.png",
                    "//cdn.example.com/x.png",
                    "https://",
                    "https:///x",
                    "HTTPS://CDN.EXAMPLE.COM/X.PNG",
                    "https://[::1]/x.png",
                    "https://cdn.example.com/x.png#\"><b>")));
        } else {
            logo = in.hostileUrlPart();
        }
        String body = "csrf=" + token + "&unsubscribeText=" + text + "&unsubscribeLogoUrl=" + logo
                + (in.chance(0.1) ? "&unsubscribeText=" + in.hostileUrlPart() : "");
        return new Case(
                "oauth-page unsubscribe-page",
                "POST",
                "/oauth/portal/unsubscribe-page",
                headers,
                body.getBytes(StandardCharsets.UTF_8),
                null,
                "POST /oauth/portal/unsubscribe-page " + RawHttp.abbreviate(body));
    }

    private Case callback() {
        List<String> params = new ArrayList<>();
        double refRoll = in.random().nextDouble();
        String ref = null;
        long reference = -1;
        if (refRoll < 0.3) {
            reference = in.chance(0.5) ? in.pick(ownMessageIds) : FAR_REFERENCE + in.between(0, 1000);
            ref = Long.toString(reference);
        } else if (refRoll < 0.9) {
            ref = in.hostileUrlPart();
        }
        if (ref != null) {
            params.add("ref=" + ref);
        }
        double sigRoll = in.random().nextDouble();
        if (sigRoll < 0.5 && reference >= 0) {
            params.add("sig=" + callbackSigner.sign("dlr", reference));
        } else if (sigRoll < 0.6 && ref != null) {
            // The signature of the number the hostile text might be read as.
            params.add("sig=" + callbackSigner.sign("dlr", in.between(0, 10)));
        } else if (sigRoll < 0.9) {
            params.add("sig=" + in.hostileUrlPart());
        }
        if (in.chance(0.85)) {
            params.add("status="
                    + (in.chance(0.5)
                            ? in.pick(List.of("1", "2", "4", "16", "%d", "0", "-1", "3"))
                            : abbreviateTo(in.hostileUrlPart(), 4000)));
        }
        if (in.chance(0.3)) {
            params.add(in.pick(List.of(
                    "to=34612345678",
                    "at=2026-01-01%2010%3A00",
                    "ref=1",
                    "status=1",
                    "sig=",
                    "&&",
                    "=",
                    "ref",
                    in.hostileUrlPart() + "=" + in.hostileUrlPart())));
        }
        Collections.shuffle(params, in.random());
        String target =
                "/callbacks/360nrs/sms" + (params.isEmpty() && in.chance(0.5) ? "" : "?" + String.join("&", params));
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = null;
        String method = in.chance(0.6) ? "GET" : "POST";
        if (method.equals("POST")) {
            double b = in.random().nextDouble();
            if (b < 0.4) {
                headers.put("Content-Type", "application/x-www-form-urlencoded");
                body = String.join("&", params).getBytes(StandardCharsets.UTF_8);
            } else if (b < 0.7) {
                headers.put("Content-Type", contentType());
                body = FuzzInputs.json(Map.of("status", in.hostileValue())).getBytes(StandardCharsets.UTF_8);
            } else if (b < 0.8) {
                body = in.hostileString().getBytes(StandardCharsets.UTF_8);
            }
        }
        return new Case("callback", method, target, headers, body, null, method + " " + RawHttp.abbreviate(target));
    }

    // --- the contact-record card and its send form ---------------------------------------------------------------

    private void issueFormLinks(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            String target = CARD + "?portalId=" + DEMO_PORTAL + "&contactId=1001";
            Map<String, String> headers = new LinkedHashMap<>();
            signGet(headers, target, "valid");
            RawHttp.Answer answer = http.send("GET", target, headers, null);
            sent++;
            answersByStatus.merge("card " + answer.status(), 1, Integer::sum);
            assertEquals(200, answer.status(), "a signed card request: " + answer.bodyText());
            JsonNode forms = json.readTree(answer.body()).path("forms");
            formLinks.add(CardCalls.linkParameters(forms.path("sms").path("url").asText()));
            voiceFormLinks.add(
                    CardCalls.linkParameters(forms.path("voice").path("url").asText()));
        }
    }

    private Case card() {
        List<String> params = new ArrayList<>();
        if (in.chance(0.85)) {
            params.add("portalId=" + (in.chance(0.6) ? Long.toString(DEMO_PORTAL) : in.hostileUrlPart()));
        }
        if (in.chance(0.85)) {
            params.add("contactId=" + (in.chance(0.6) ? "1001" : in.hostileUrlPart()));
        }
        if (in.chance(0.3)) {
            params.add(in.pick(List.of(
                    "appId=1",
                    "userId=2",
                    "portalId=1",
                    "contactId=2",
                    "&&",
                    "=",
                    in.hostileUrlPart() + "=" + in.hostileUrlPart())));
        }
        Collections.shuffle(params, in.random());
        String target = CARD + (params.isEmpty() ? "" : "?" + String.join("&", params));
        Map<String, String> headers = new LinkedHashMap<>();
        String signing = "none";
        if (in.chance(0.75)) {
            signing = signGet(
                    headers,
                    target,
                    in.chance(0.7)
                            ? "valid"
                            : in.pick(List.of(
                                    "wrong-secret",
                                    "stale",
                                    "other-url",
                                    "garbage",
                                    "bad-timestamp",
                                    "long-signature")));
        }
        return new Case(
                "card", "GET", target, headers, null, null, "GET " + RawHttp.abbreviate(target) + " [" + signing + "]");
    }

    /** Signs a GET of the card as HubSpot signs a hubspot.fetch, or spoils the signature as {@code how} says. */
    private String signGet(Map<String, String> headers, String target, String how) {
        long now = System.currentTimeMillis();
        String timestamp =
                Long.toString(how.equals("stale") ? now - Duration.ofMinutes(6).toMillis() : now);
        String secret = how.equals("wrong-secret") ? "not-the-secret" : SECRET;
        String base = how.equals("other-url") ? "http://evil.example" : config.publicBaseUrl();
        String signature = HubSpotSignatureVerifier.sign(secret, "GET", base + target, "", timestamp);
        switch (how) {
            case "garbage" -> signature = in.pick(List.of("%00", "", " ", "${body}", "=", "AAAA", "not base64 !!"));
            case "bad-timestamp" ->
                timestamp = in.pick(List.of("yesterday", "-1", "1e3", "99999999999999999999", "0x10"));
            case "long-signature" -> signature = "A".repeat(in.between(1000, 6000));
            default -> {}
        }
        headers.put(HubSpotSignatureVerifier.TIMESTAMP_HEADER, timestamp);
        headers.put(HubSpotSignatureVerifier.SIGNATURE_HEADER, signature);
        return how;
    }

    /** A form link (a real one or made up), its parameters spoilt or left out now and then. */
    private Map<String, String> link(boolean hostile) {
        Map<String, String> link = new LinkedHashMap<>(
                in.chance(0.5)
                        ? in.pick(formLinks)
                        : Map.of(
                                "portalId",
                                Long.toString(DEMO_PORTAL),
                                "contactId",
                                "1001",
                                "token",
                                Long.toString(in.between(1, 1_000_000_000), 36) + "." + randomCode(22) + "."
                                        + randomCode(43)));
        int mutations = hostile ? in.between(1, 2) : 0;
        for (int i = 0; i < mutations; i++) {
            String name = in.pick(List.of("portalId", "contactId", "token"));
            if (in.chance(0.2)) {
                link.remove(name);
            } else {
                link.put(
                        name,
                        in.pick(List.of("62515", "1002", "70001", "0", "-1"))
                                + (in.chance(0.5) ? "" : in.hostileUrlPart()));
            }
        }
        return link;
    }

    private Case formLink(String path) {
        Map<String, String> link = link(in.chance(0.7));
        List<String> params = new ArrayList<>();
        link.forEach((name, value) -> params.add(name + "=" + value));
        if (in.chance(0.2)) {
            params.add(in.hostileUrlPart() + "=" + in.hostileUrlPart());
        }
        Collections.shuffle(params, in.random());
        String target = path + (params.isEmpty() ? "" : "?" + String.join("&", params));
        return new Case(
                path.equals(FORM_PAGE) ? "form-page" : "form-context",
                "GET",
                target,
                Map.of(),
                null,
                null,
                "GET " + RawHttp.abbreviate(target));
    }

    private static final List<String> FORM_FIELDS =
            List.of("portalId", "contactId", "token", "sender", "message", "message", "shortenUrls", "unknown");

    private Case formSend() {
        Map<String, Object> body = new LinkedHashMap<>(link(in.chance(0.3)));
        body.put("sender", "ACME");
        body.put("message", "Hola {{contact.firstname}}");
        body.put("shortenUrls", in.chance(0.5));
        List<String> changed = new ArrayList<>();
        int mutations = in.between(0, 3);
        for (int i = 0; i < mutations; i++) {
            String field = in.pick(FORM_FIELDS);
            if (in.chance(0.15)) {
                body.remove(field);
                changed.add("-" + field);
            } else {
                Object value = field.equals("message") && in.chance(0.7) ? in.hostileString() : in.hostileValue();
                body.put(field, value);
                changed.add(field + "=" + describe(value));
            }
        }
        byte[] bytes = FuzzInputs.json(body).getBytes(StandardCharsets.UTF_8);
        if (in.chance(0.12)) {
            String damage = in.pick(List.of(
                    "truncated",
                    "trailing",
                    "nested-arrays",
                    "nested-objects",
                    "comment",
                    "bom",
                    "invalid-utf8",
                    "nul-byte",
                    "empty",
                    "scalar",
                    "single-quotes",
                    "form",
                    "leading-whitespace"));
            bytes = damage(bytes, damage, "");
            changed.add("body:" + damage);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType());
        return new Case(
                "form-send", "POST", FORM_SEND, headers, bytes, null, "form send " + String.join(", ", changed));
    }

    private Case wrongMethod(int n) {
        String path = in.pick(List.of(
                SEND_SMS,
                ANALYZE,
                "/l/" + randomCode(8),
                "/callbacks/360nrs/sms?ref=1&sig=x&status=1",
                "/u/" + randomCode(12),
                CARD + "?portalId=62515&contactId=1001",
                FORM_PAGE,
                FORM_CONTEXT,
                FORM_SEND,
                "/forms/assets/sms.js"));
        String method =
                in.pick(List.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "FOO", "GET", "POST"));
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = null;
        if (!method.equals("GET") && !method.equals("TRACE") && in.chance(0.6)) {
            headers.put("Content-Type", contentType());
            body = FuzzInputs.json(Map.of("callbackId", "fz-" + n + "-m", "text", "hola"))
                    .getBytes(StandardCharsets.UTF_8);
        }
        Integer callbackNo = body != null && path.equals(SEND_SMS) ? n : null;
        return new Case("method", method, path, headers, body, callbackNo, method + " " + path);
    }

    /** A reply as 360nrs might forward it: signed or not, JSON or form data, with hostile fields. */
    private Case reply() {
        List<String> params = new ArrayList<>();
        double roll = in.random().nextDouble();
        if (roll < 0.6) {
            params.add("account=sandbox");
            params.add("sig=" + callbackSigner.sign("reply", "sandbox"));
        } else if (roll < 0.75) {
            params.add("account=" + in.hostileUrlPart());
            params.add("sig=" + callbackSigner.sign("reply", "sandbox"));
        } else if (roll < 0.9) {
            params.add("account=sandbox");
            params.add("sig=" + in.hostileUrlPart());
        }
        Collections.shuffle(params, in.random());
        String target = "/callbacks/360nrs/replies" + (params.isEmpty() ? "" : "?" + String.join("&", params));
        Map<String, Object> fields = new LinkedHashMap<>();
        if (in.chance(0.8)) {
            fields.put(
                    "from",
                    in.chance(0.5)
                            ? in.pick(List.of("34612345678", "+34 612 345 678", "0034612345678"))
                            : in.hostileValue());
        }
        if (in.chance(0.8)) {
            fields.put("to", in.chance(0.5) ? "ACME" : in.hostileValue());
        }
        if (in.chance(0.8)) {
            fields.put("text", in.chance(0.3) ? in.pick(List.of("BAJA", "stop", "Sí", "")) : in.hostileValue());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body;
        double b = in.random().nextDouble();
        if (b < 0.35) {
            headers.put("Content-Type", "application/x-www-form-urlencoded");
            List<String> pairs = new ArrayList<>();
            fields.forEach((k, v) -> pairs.add(k + "="
                    + (in.chance(0.7)
                            ? URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)
                            : in.hostileUrlPart())));
            body = String.join("&", pairs).getBytes(StandardCharsets.UTF_8);
        } else if (b < 0.85) {
            headers.put("Content-Type", contentType());
            body = FuzzInputs.json(fields).getBytes(StandardCharsets.UTF_8);
        } else {
            body = in.hostileString().getBytes(StandardCharsets.UTF_8);
        }
        String method = in.chance(0.9) ? "POST" : in.pick(List.of("GET", "PUT", "DELETE"));
        return new Case(
                "reply",
                method,
                target,
                headers,
                method.equals("GET") ? null : body,
                null,
                method + " " + RawHttp.abbreviate(target));
    }

    // --- voice and interactive voice ----------------------------------------------------------------------------

    private static final List<String> VOICE_PATHS = List.of(
            "callbackId",
            "origin.portalId",
            "object.objectId",
            "object.objectType",
            "object.properties.mobilephone",
            "inputFields",
            "inputFields.phoneProperty",
            "inputFields.country",
            "inputFields.caller",
            "inputFields.locutionType",
            "inputFields.language",
            "inputFields.voice",
            "inputFields.text",
            "inputFields.text",
            "inputFields.audioUrl",
            "inputFields.campaignName",
            "inputFields.key1Action",
            "inputFields.key1Value",
            "inputFields.key1Sender",
            "inputFields.key2Action",
            "inputFields.key2Value",
            "inputFields.key9Action",
            "inputFields.wrongKeyText",
            "inputFields.wrongKeyAudioUrl",
            "inputFields.key10Action");

    private Case sendVoice(int n) {
        String path = in.chance(0.5) ? SEND_VOICE : SEND_IVR;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("callbackId", "fzv-" + n + "-" + in.between(0, 1_000_000));
        payload.put("origin", new LinkedHashMap<>(Map.of("portalId", DEMO_PORTAL, "actionDefinitionId", 2)));
        payload.put("context", new LinkedHashMap<>(Map.of("source", "WORKFLOWS", "workflowId", 7)));
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("objectId", 1001);
        object.put("objectType", "CONTACT");
        object.put("properties", new LinkedHashMap<>(Map.of("mobilephone", "+34612345678", "firstname", "Ana")));
        payload.put("object", object);
        Map<String, Object> inputs = new LinkedHashMap<>();
        if (in.chance(0.5)) {
            inputs.put("locutionType", "TTS");
            inputs.put("language", "es_ES");
            inputs.put("text", "Hola {{contact.firstname}}");
        } else {
            inputs.put("locutionType", "AUDIO");
            inputs.put("audioUrl", "https://files.example.com/a.mp3");
        }
        if (path.equals(SEND_IVR)) {
            inputs.put("key1Action", "SMS");
            inputs.put("key1Value", "Su enlace {UNSUB_URL}");
            inputs.put("key1Sender", "ACME");
            inputs.put("key2Action", "TRANSFER");
            inputs.put("key2Value", "+34911234567");
            inputs.put("key9Action", "UNSUBSCRIBE");
        }
        payload.put("inputFields", inputs);
        List<String> changed = new ArrayList<>();
        int mutations = in.between(0, 3);
        for (int i = 0; i < mutations; i++) {
            String field = in.pick(VOICE_PATHS);
            if (in.chance(0.15)) {
                FuzzInputs.set(payload, field, null, true);
                changed.add("-" + field);
            } else {
                Object value = in.chance(0.3) ? in.hostileString() : in.hostileValue();
                FuzzInputs.set(payload, field, value, false);
                changed.add(field + "=" + describe(value));
            }
        }
        byte[] body = FuzzInputs.json(payload).getBytes(StandardCharsets.UTF_8);
        if (mutations > 0 && in.chance(0.1)) {
            String damage = in.pick(
                    List.of("truncated", "trailing", "nested-arrays", "invalid-utf8", "nul-byte", "empty", "scalar"));
            body = damage(body, damage, "");
            changed.add("body:" + damage);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", mutations == 0 ? "application/json" : contentType());
        String signing = in.chance(0.85)
                ? sign(headers, body, "valid", path)
                : sign(headers, body, in.pick(List.of("wrong-secret", "stale", "other-url", "garbage")), path);
        return new Case(
                path.equals(SEND_VOICE) ? "send-voice" : "send-ivr",
                "POST",
                path,
                headers,
                body,
                null,
                path + " #" + n + " [" + signing + "] " + String.join(", ", changed));
    }

    private Case voiceKeyReport() {
        List<String> params = new ArrayList<>();
        long reference = in.chance(0.5) ? FAR_REFERENCE + in.between(0, 1000) : -1;
        params.add("ref=" + (reference >= 0 ? Long.toString(reference) : in.hostileUrlPart()));
        if (reference >= 0 && in.chance(0.7)) {
            params.add("sig=" + callbackSigner.sign(in.chance(0.8) ? "key" : "dlr", reference));
        } else if (in.chance(0.7)) {
            params.add("sig=" + in.hostileUrlPart());
        }
        if (in.chance(0.85)) {
            params.add("key="
                    + (in.chance(0.5)
                            ? in.pick(List.of("1", "9", "0", "%k", "10", "-1", "*", "#"))
                            : abbreviateTo(in.hostileUrlPart(), 2000)));
        }
        Collections.shuffle(params, in.random());
        String target = "/callbacks/360nrs/voice/key?" + String.join("&", params);
        if (in.chance(0.2)) {
            target = "/callbacks/360nrs/voice?" + String.join("&", params).replace("key=", "status=");
        }
        return new Case(
                "voice-report",
                in.chance(0.7) ? "GET" : "POST",
                target,
                Map.of(),
                null,
                null,
                RawHttp.abbreviate(target));
    }

    private static final List<String> VOICE_FORM_FIELDS = List.of(
            "portalId",
            "contactId",
            "token",
            "phoneProperty",
            "country",
            "caller",
            "locutionType",
            "language",
            "voice",
            "text",
            "text",
            "audioUrl",
            "campaignName");

    private Case voiceFormSend() {
        Map<String, Object> body = new LinkedHashMap<>(
                in.chance(0.3) && !voiceFormLinks.isEmpty()
                        ? voiceFormLinks.remove(voiceFormLinks.size() - 1)
                        : Map.of("portalId", "62515", "contactId", "1001", "token", in.hostileUrlPart()));
        body.put("locutionType", "TTS");
        body.put("language", "es_ES");
        body.put("text", "Hola {{contact.firstname}}");
        List<String> changed = new ArrayList<>();
        int mutations = in.between(0, 3);
        for (int i = 0; i < mutations; i++) {
            String field = in.pick(VOICE_FORM_FIELDS);
            if (in.chance(0.15)) {
                body.remove(field);
                changed.add("-" + field);
            } else {
                Object value = in.chance(0.4) ? in.hostileString() : in.hostileValue();
                body.put(field, value);
                changed.add(field + "=" + describe(value));
            }
        }
        byte[] bytes = FuzzInputs.json(body).getBytes(StandardCharsets.UTF_8);
        if (in.chance(0.1)) {
            bytes = damage(bytes, in.pick(List.of("truncated", "trailing", "invalid-utf8", "empty", "scalar")), "");
            changed.add("body damaged");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType());
        return new Case(
                "voice-form-send",
                "POST",
                VOICE_FORM_SEND,
                headers,
                bytes,
                null,
                "voice form send " + String.join(", ", changed));
    }

    private Case voiceWrongMethod() {
        String path = in.pick(List.of(
                SEND_VOICE,
                SEND_IVR,
                "/callbacks/360nrs/voice?ref=1&sig=x&status=1",
                "/callbacks/360nrs/voice/key?ref=1&sig=x&key=1",
                "/forms/voice?portalId=62515&contactId=1001&token=x",
                "/forms/voice/context",
                VOICE_FORM_SEND,
                "/forms/assets/voice.js"));
        String method = in.pick(List.of("PUT", "DELETE", "PATCH", "OPTIONS", "FOO", "GET", "POST"));
        return new Case("voice-method", method, path, Map.of(), null, null, method + " " + path);
    }

    private String contentType() {
        return in.chance(0.85)
                ? "application/json"
                : in.pick(List.of(
                        "application/json; charset=UTF-16",
                        "text/plain",
                        "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x",
                        "application/xml",
                        "",
                        "application/json; charset=%00",
                        "*/*",
                        "application/vnd.hubspot+json"));
    }

    private byte[] damage(byte[] body, String how, String callbackId) {
        String text = new String(body, StandardCharsets.UTF_8);
        return switch (how) {
            case "truncated" -> Arrays.copyOf(body, in.between(0, Math.max(0, body.length - 1)));
            case "trailing" ->
                (text + in.pick(List.of(",", "}", "]", "garbage", "{}", "\u0000", "\n\n{")))
                        .getBytes(StandardCharsets.UTF_8);
            case "nested-arrays" -> "[".repeat(in.between(1000, 100_000)).getBytes(StandardCharsets.US_ASCII);
            case "nested-objects" -> "{\"a\":".repeat(in.between(1000, 20_000)).getBytes(StandardCharsets.US_ASCII);
            case "comment" -> ("/* note */" + text).getBytes(StandardCharsets.UTF_8);
            case "bom" -> ("\ufeff" + text).getBytes(StandardCharsets.UTF_8);
            case "invalid-utf8" ->
                concat(
                        Arrays.copyOf(body, body.length / 2),
                        new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        Arrays.copyOfRange(body, body.length / 2, body.length));
            case "nul-byte" -> concat(new byte[] {0}, body);
            case "empty" -> new byte[0];
            case "scalar" ->
                in.pick(List.of("null", "[]", "\"text\"", "42", "true", "{}", "[{}]"))
                        .getBytes(StandardCharsets.US_ASCII);
            case "single-quotes" -> text.replace('"', '\'').getBytes(StandardCharsets.UTF_8);
            case "duplicate-id" ->
                ("{\"callbackId\":" + FuzzInputs.json(callbackId) + "," + text.substring(1))
                        .getBytes(StandardCharsets.UTF_8);
            case "form" ->
                ("callbackId=" + FuzzInputs.percentEncode(callbackId) + "&sender=ACME&message=hola")
                        .getBytes(StandardCharsets.UTF_8);
            case "leading-whitespace" -> (" ".repeat(in.between(10, 500_000)) + text).getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException(how);
        };
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private String randomCode(int length) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(in.random().nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String describe(Object value) {
        if (value == null) {
            return "(none)";
        }
        String text = value instanceof String s ? FuzzInputs.json(s) : FuzzInputs.json(value);
        return text.length() <= 60 ? text : text.substring(0, 50) + "...(" + text.length() + " chars)";
    }

    // --- running and judging ------------------------------------------------------------------------------------

    // What RFC 3986 allows in a path and query ('[' and ']' only belong in a host).
    private static final Pattern URI_CHARACTERS = Pattern.compile("[A-Za-z0-9\\-._~:/?#@!$&'()*+,;=%]*");
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private static boolean refusedByCodec(Case c, RawHttp.Answer answer) {
        if (!answer.bodyText().isEmpty()) {
            return false;
        }
        boolean malformed = !URI_CHARACTERS.matcher(c.target()).matches()
                || BAD_ESCAPE.matcher(c.target()).find();
        return (answer.status() == 414 && requestLineLength(c) > lineLimit()) || (answer.status() == 400 && malformed);
    }

    private static int requestLineLength(Case c) {
        return c.method().length() + 1 + c.target().length() + " HTTP/1.1".length();
    }

    private static int lineLimit() {
        return ConfigProvider.getConfig().getValue("quarkus.http.limits.max-initial-line-length", Integer.class);
    }

    private void run(Case c) {
        sent++;
        RawHttp.Answer answer;
        try {
            answer = http.send(c.method(), c.target(), c.headers(), c.body());
        } catch (IOException e) {
            noAnswer++;
            example("no answer", c.description() + " -> " + e.getMessage());
            if (c.callbackNo() != null) {
                refusedCallbackNos.add(c.callbackNo());
            }
            return;
        }
        answersByStatus.merge(c.endpoint() + " " + answer.status(), 1, Integer::sum);
        if (answer.status() >= 500) {
            serverErrors++;
            byKind.merge("5xx: " + c.endpoint() + " " + answer.status(), 1, Integer::sum);
            example(
                    "5xx (" + c.endpoint() + ")",
                    answer.status() + " " + c.description() + " -> " + RawHttp.abbreviate(answer.bodyText()));
        }
        if (refusedByCodec(c, answer)) {
            // The HTTP codec refuses such a line before any handler of the connector runs (Quarkus offers no hook
            // there): counted apart, and only for request lines that are malformed or over the server's own limit.
            refusedByCodec++;
            if (c.callbackNo() != null) {
                refusedCallbackNos.add(c.callbackNo());
            }
            return;
        }
        if (answer.status() >= 400) {
            String problem = c.endpoint().startsWith("oauth-page")
                    ? pageRefusalProblem(c, answer)
                    : refusalShapeProblem(c, answer);
            if (problem != null) {
                badRefusalShape++;
                byKind.merge("not JSON shape: " + c.endpoint() + " " + answer.status(), 1, Integer::sum);
                example(
                        "refusals not in the JSON shape (" + c.endpoint() + " " + answer.status() + ")",
                        answer.status() + " " + c.description() + " -> " + problem);
            }
            if (c.callbackNo() != null) {
                refusedCallbackNos.add(c.callbackNo());
            }
        }
    }

    /** A page refuses with an HTML page that says why; what the HTTP layer refuses first is in the JSON shape. */
    private String pageRefusalProblem(Case c, RawHttp.Answer answer) {
        if (answer.contentType().toLowerCase(Locale.ROOT).startsWith("text/html")) {
            return answer.bodyText().contains("id=\"message\"")
                            || answer.bodyText().contains("id=\"portal-status\"")
                    ? null
                    : "an HTML refusal without its message: " + RawHttp.abbreviate(answer.bodyText());
        }
        return refusalShapeProblem(c, answer);
    }

    private String refusalShapeProblem(Case c, RawHttp.Answer answer) {
        if (c.target().startsWith("/u/")
                && answer.contentType().toLowerCase(Locale.ROOT).startsWith("text/html")) {
            // The unsubscribe page is for people: its refusals are an HTML error page.
            return answer.bodyText().contains("id=\"unsubscribe-error\"")
                    ? null
                    : "HTML without the error text: " + RawHttp.abbreviate(answer.bodyText());
        }
        if (!answer.contentType().toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return "Content-Type '" + answer.contentType() + "', body " + RawHttp.abbreviate(answer.bodyText());
        }
        JsonNode body;
        try {
            body = json.readTree(answer.body());
        } catch (IOException e) {
            return "body is not JSON: " + RawHttp.abbreviate(answer.bodyText());
        }
        if (body == null || !body.isObject()) {
            return "body is not a JSON object: " + RawHttp.abbreviate(answer.bodyText());
        }
        if (!"error".equals(body.path("status").asText(null))) {
            return "no \"status\":\"error\": " + RawHttp.abbreviate(answer.bodyText());
        }
        if (!body.path("message").isTextual() || body.path("message").asText().isBlank()) {
            return "no message: " + RawHttp.abbreviate(answer.bodyText());
        }
        if (body.has("field") && !body.get("field").isTextual()) {
            return "field is not a string: " + RawHttp.abbreviate(answer.bodyText());
        }
        return null;
    }

    private void example(String what, String text) {
        List<String> list = examples.computeIfAbsent(what, k -> new ArrayList<>());
        if (list.size() < EXAMPLES) {
            list.add(ascii(text));
        }
    }

    /** Examples are printed as ASCII, so a console in any encoding shows them whole. */
    private static String ascii(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 400; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private void awaitOwnMessages(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Long> ids = db.query(
                    "SELECT id FROM message WHERE callback_id IN ('fz-0','fz-1','fz-2','fz-3','fz-4') " + "ORDER BY id",
                    r -> r.getLong(1));
            if (ids.size() >= expected) {
                ownMessageIds.addAll(ids);
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the " + expected + " valid workflow calls were not stored as messages within "
                + SETTLE_LIMIT.toSeconds() + " s");
    }

    /** Waits (bounded) until no message of this test is PENDING; answers how many still are. */
    private long awaitSettled() throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        long pending = pending();
        while (pending > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            pending = pending();
        }
        if (pending > 0) {
            db.query(
                            "SELECT m.callback_id, q.attempts, q.last_error, m.text FROM message m LEFT JOIN send_queue q "
                                    + "ON q.message_id = m.id WHERE m.callback_id LIKE 'fz-%' AND m.status = 'PENDING'",
                            r -> r.getString(1) + " attempts=" + r.getString(2) + " error=" + r.getString(3) + " text="
                                    + r.getString(4))
                    .forEach(row -> example("pending after settling", RawHttp.abbreviate(row)));
        }
        return pending;
    }

    private long pending() {
        return db.queryOne(
                        "SELECT COUNT(*) FROM message WHERE callback_id LIKE 'fz-%' AND status = 'PENDING'",
                        r -> r.getLong(1))
                .orElse(0L);
    }

    private int storedFromRefused() {
        int stored = 0;
        for (String table : List.of("action_request", "message")) {
            for (String callbackId : db.query(
                    "SELECT callback_id FROM " + table + " WHERE callback_id LIKE 'fz-%'", r -> r.getString(1))) {
                Matcher m = CALLBACK_NO.matcher(callbackId);
                if (m.find() && refusedCallbackNos.contains(Integer.parseInt(m.group(1)))) {
                    stored++;
                    example("messages stored from refused calls", table + " " + RawHttp.abbreviate(callbackId));
                }
            }
        }
        return stored;
    }

    private int sentMoreThanOnce() throws IOException {
        RawHttp.Answer answer = http.send("GET", "/sandbox/360nrs/messages", Map.of(), null);
        assertEquals(200, answer.status(), "the 360nrs stand-in lists its accepted messages");
        Map<String, Integer> perMarker = new HashMap<>();
        for (JsonNode message : json.readTree(answer.body())) {
            Matcher m = MARKER.matcher(message.path("message").asText());
            if (m.find()) {
                perMarker.merge(m.group(1), 1, Integer::sum);
            }
        }
        int twice = 0;
        for (Map.Entry<String, Integer> entry : perMarker.entrySet()) {
            if (entry.getValue() > 1) {
                twice++;
                example(
                        "360nrs requests per message > 1",
                        "send-sms #" + entry.getKey() + " accepted " + entry.getValue() + " times");
            }
        }
        return twice;
    }

    /** Readiness on the management interface when it is enabled, else on the HTTP port. */
    private String health(Config mp, int httpPort) {
        boolean management =
                mp.getOptionalValue("quarkus.management.enabled", Boolean.class).orElse(false);
        int port = management
                ? mp.getOptionalValue("quarkus.management.test-port", Integer.class)
                        .orElse(9001)
                : httpPort;
        try {
            RawHttp.Answer answer =
                    new RawHttp("localhost", port, CALL_LIMIT).send("GET", "/q/health/ready", Map.of(), null);
            return answer.status() == 200
                            && "UP"
                                    .equals(json.readTree(answer.body())
                                            .path("status")
                                            .asText())
                    ? "UP"
                    : "DOWN";
        } catch (IOException e) {
            return "DOWN";
        }
    }
}
