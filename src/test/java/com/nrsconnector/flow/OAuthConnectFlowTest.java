package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.flow.InstallBrowsers.Browser;
import com.nrsconnector.hubspot.HubSpotApiException;
import com.nrsconnector.hubspot.HubSpotSignatureVerifier;
import com.nrsconnector.hubspot.HubSpotTokens;
import com.nrsconnector.hubspot.JournalCursor;
import com.nrsconnector.hubspot.WebhooksJournal;
import com.nrsconnector.sandbox.NrsSandbox;
import com.nrsconnector.store.Db;
import com.nrsconnector.store.PortalStore;
import com.nrsconnector.support.SignedWorkflowCall;
import com.nrsconnector.unsubscribe.UnsubscribePageSettings;
import com.nrsconnector.unsubscribe.UnsubscribePageSettings.PageSettings;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Connecting a portal as a person does it, over real HTTP with a cookie jar (like {@code curl -L -c jar -b jar}):
 * install, HubSpot's approval, the callback, the connection page, linking the 360nrs account, sending, disconnecting
 * from either side and installing again.
 */
@QuarkusTest
class OAuthConnectFlowTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern UNSUBSCRIBE_LINK = Pattern.compile("https?://\\S+/u/[0-9a-z]+\\.[A-Za-z0-9_-]{22}");
    private static final long PORTAL = 62516;
    private static final long SECOND_PORTAL = 62517;

    @Inject
    ConnectorConfig config;

    @Inject
    Db db;

    @Inject
    HubSpotTokens tokens;

    @Inject
    WebhooksJournal webhooksJournal;

    @Inject
    JournalCursor journalCursor;

    @Inject
    PortalStore portals;

    @Inject
    UnsubscribePageSettings unsubscribePageSettings;

    private String url(String path) {
        return config.publicBaseUrl() + path;
    }

    /** The whole install with one browser that follows every redirect; answers the final page. */
    private HttpResponse<String> install(Browser browser, long portalId) throws Exception {
        if (portalId == PORTAL) {
            return browser.get(url("/oauth/install"));
        }
        // The stand-in's authorize page picks another demo portal with portalId (a person would choose it there).
        String authorize = new Browser(false)
                .get(url("/oauth/install"))
                .headers()
                .firstValue("Location")
                .orElseThrow();
        return browser.get(authorize + "&portalId=" + portalId);
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertTrue(m.find(), "the page has a CSRF token: " + page.body());
        return m.group(1);
    }

    private Optional<Map<String, Object>> portalRow(long portalId) {
        return db.queryOne(
                "SELECT status, hubspot_access_token, hubspot_refresh_token, hubspot_token_expires_at, "
                        + "nrs_username, nrs_api_password FROM portal WHERE portal_id = ?",
                row -> {
                    Map<String, Object> values = new HashMap<>();
                    for (String column : List.of(
                            "status",
                            "hubspot_access_token",
                            "hubspot_refresh_token",
                            "hubspot_token_expires_at",
                            "nrs_username",
                            "nrs_api_password")) {
                        values.put(column, row.getObject(column));
                    }
                    return values;
                },
                portalId);
    }

    private void assertNoSecrets(long portalId) {
        Map<String, Object> row = portalRow(portalId).orElseThrow();
        assertEquals("DISCONNECTED", row.get("status"));
        for (String column : List.of(
                "hubspot_access_token",
                "hubspot_refresh_token",
                "hubspot_token_expires_at",
                "nrs_username",
                "nrs_api_password")) {
            assertNull(row.get(column), column + " is deleted");
        }
    }

    private int workflowCall(long portalId, String callbackId, String marker) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        SignedWorkflowCall.sendSms(
                                config.publicBaseUrl(), portalId, callbackId, "ACME", "Hola " + marker),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private String messageStatus(String callbackId) {
        return db.queryOne(
                        "SELECT status, reason FROM message WHERE callback_id = ?",
                        row -> row.getString(1) + ":" + row.getString(2),
                        callbackId)
                .orElse("none");
    }

    @Test
    void installLinkSendDisconnectAndInstallAgain() throws Exception {
        Browser browser = new Browser(true);
        HttpResponse<String> page = install(browser, PORTAL);

        // The curl -L -c jar -b jar flow ends on the portal's connection page.
        assertEquals(200, page.statusCode(), page.body());
        assertEquals("/oauth/portal", page.uri().getPath());
        assertNull(page.uri().getQuery(), "no warning: every contact property was created");
        assertEquals(Optional.of("no-store"), page.headers().firstValue("Cache-Control"), "never kept by a cache");
        assertThat(
                page.headers().firstValue("Content-Security-Policy").orElseThrow(),
                containsString("frame-ancestors 'none'"));
        assertThat(page.body(), containsString("id=\"portal-status\" data-status=\"INSTALLED\""));
        assertThat(page.body(), containsString("<span id=\"portal-id\">62516</span>"));
        assertThat(page.body(), containsString("id=\"link-account\""));
        assertThat(page.body(), containsString("id=\"disconnect\""));
        Map<String, Object> installed = portalRow(PORTAL).orElseThrow();
        assertEquals("INSTALLED", installed.get("status"));
        assertThat(
                "tokens are stored encrypted", (String) installed.get("hubspot_refresh_token"), containsString("v1:"));
        assertThat((String) installed.get("hubspot_access_token"), not(containsString("sandbox-access")));
        // The contact properties the connector reads were created in the portal.
        List<Map<String, Object>> created = given().get("/sandbox/hubspot/requests")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.method == 'POST' && it.path == '/crm/v3/properties/contacts' }");
        assertTrue(created.stream().anyMatch(r -> String.valueOf(r.get("body")).contains("mobile_phone_360nrs")));
        assertTrue(created.stream().anyMatch(r -> String.valueOf(r.get("body")).contains("mobile_prefix_360nrs")));
        // And the one a confirmed unsubscribe sets (a HubSpot boolean: bool with its two options).
        assertTrue(created.stream()
                .anyMatch(r -> String.valueOf(r.get("body")).contains("sms_opt_out_360nrs")
                        && String.valueOf(r.get("body")).contains("booleancheckbox")));

        // Not linked yet: a workflow call is refused.
        assertEquals(409, workflowCall(PORTAL, "oauth-" + UUID.randomUUID(), Sandbox.marker()));

        // A wrong password says so next to the field and stores nothing.
        String csrf = csrf(page);
        HttpResponse<String> wrong = browser.post(
                url("/oauth/portal/account"),
                Map.of("csrf", csrf, "apiUser", NrsSandbox.USERNAME, "apiPassword", "not-the-password"));
        assertEquals(400, wrong.statusCode());
        assertThat(wrong.body(), containsString("<p id=\"apiPassword-error\" class=\"error\">360nrs did not accept"));
        assertThat(wrong.body(), containsString("value=\"sandbox\""));
        assertThat(wrong.body(), not(containsString("not-the-password")));
        assertNull(portalRow(PORTAL).orElseThrow().get("nrs_api_password"));
        assertEquals("INSTALLED", portalRow(PORTAL).orElseThrow().get("status"));

        // An empty user is refused next to its field.
        HttpResponse<String> empty =
                browser.post(url("/oauth/portal/account"), Map.of("csrf", csrf, "apiUser", " ", "apiPassword", "x"));
        assertEquals(400, empty.statusCode());
        assertThat(empty.body(), containsString("<p id=\"apiUser-error\" class=\"error\">Enter your 360nrs API user."));

        // The right one connects (checked with 360nrs first).
        HttpResponse<String> linked = browser.post(
                url("/oauth/portal/account"),
                Map.of("csrf", csrf, "apiUser", NrsSandbox.USERNAME, "apiPassword", NrsSandbox.API_PASSWORD));
        assertEquals(200, linked.statusCode(), linked.body());
        assertThat(linked.body(), containsString("data-status=\"CONNECTED\""));
        assertThat((String) portalRow(PORTAL).orElseThrow().get("nrs_api_password"), containsString("v1:"));

        // A signed workflow call for the portal now sends an SMS.
        String marker = Sandbox.marker();
        String sent = "oauth-" + UUID.randomUUID();
        assertEquals(200, workflowCall(PORTAL, sent, marker));
        await().atMost(Sandbox.WAIT)
                .until(() -> Sandbox.nrsSmsRequestsMentioning(marker).size() == 1);

        // While 360nrs is down, sends wait in the queue; disconnection settles them NOT_SENT ("disconnected").
        given().contentType(ContentType.JSON)
                .body(Map.of("status", 503))
                .post("/sandbox/360nrs/faults")
                .then()
                .statusCode(200);
        // Enrolled through the HubSpot stand-in, which completes only executions it started.
        String contactId = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "portalId",
                        PORTAL,
                        "properties",
                        Map.of("firstname", "Rosa", "mobilephone", "+34 612 345 678")))
                .post("/sandbox/hubspot/contacts")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        String refreshToken;
        String queued = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "actionType",
                        "SEND_SMS",
                        "portalId",
                        PORTAL,
                        "contactId",
                        contactId,
                        "inputFields",
                        Map.of("sender", "ACME", "message", "Hola " + Sandbox.marker())))
                .post("/sandbox/hubspot/workflows/enroll")
                .then()
                .statusCode(200)
                .body("status", is(200))
                .extract()
                .path("callbackId");
        try {
            await().atMost(Sandbox.WAIT)
                    .until(() -> db.queryOne(
                                            "SELECT q.attempts FROM send_queue q JOIN message m "
                                                    + "ON m.id = q.message_id WHERE m.callback_id = ?",
                                            row -> row.getInt(1),
                                            queued)
                                    .orElse(0)
                            >= 1);
            refreshToken = portals.find(PORTAL).orElseThrow().hubspotRefreshToken();
            HttpResponse<String> disconnected =
                    browser.post(url("/oauth/portal/disconnect"), Map.of("csrf", csrf(linked)));
            assertEquals(200, disconnected.statusCode());
            assertThat(disconnected.body(), containsString("Your account has been successfully disconnected."));
            assertThat(disconnected.body(), containsString("data-status=\"DISCONNECTED\""));
        } finally {
            given().delete("/sandbox/360nrs/faults");
        }
        // Settled at once, or (if it was being handed to 360nrs at that moment) as soon as that attempt fails.
        await().atMost(Sandbox.WAIT).until(() -> messageStatus(queued), "NOT_SENT:disconnected"::equals);
        // Its workflow was completed (NOT_SENT) while the portal's tokens still worked.
        await().atMost(Sandbox.WAIT)
                .until(
                        () -> given().get("/sandbox/hubspot/callbacks")
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("findAll { it.callbackId == '" + queued + "' }.outputFields.deliveryStatus"),
                        statuses -> statuses.contains("NOT_SENT"));
        assertNoSecrets(PORTAL);
        // The refresh token was given back to HubSpot: it no longer refreshes there.
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "refresh_token")
                .formParam("client_id", config.hubspot().clientId())
                .formParam("client_secret", config.hubspot().clientSecret())
                .formParam("refresh_token", refreshToken)
                .post("/sandbox/hubspot/oauth/v3/token")
                .then()
                .statusCode(400)
                .body("error", is("invalid_grant"));

        // The same call now answers 409 in the JSON error shape.
        HttpResponse<String> refused = HttpClient.newHttpClient()
                .send(
                        SignedWorkflowCall.sendSms(
                                config.publicBaseUrl(), PORTAL, "oauth-" + UUID.randomUUID(), "ACME", "Hola"),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(409, refused.statusCode());
        assertThat(refused.body(), containsString("\"status\":\"error\""));

        // Installing again works.
        HttpResponse<String> again = install(new Browser(true), PORTAL);
        assertEquals(200, again.statusCode(), again.body());
        assertThat(again.body(), containsString("data-status=\"INSTALLED\""));
        assertEquals("INSTALLED", portalRow(PORTAL).orElseThrow().get("status"));
    }

    @Test
    void forgedOrReplayedStateIsRefusedAndStoresNothing() throws Exception {
        db.update("DELETE FROM portal WHERE portal_id = ?", SECOND_PORTAL);
        Browser browser = new Browser(false);
        String authorize = browser.get(url("/oauth/install"))
                .headers()
                .firstValue("Location")
                .orElseThrow();
        assertThat(authorize, containsString("scope=oauth+timeline+crm.objects.contacts.read"));
        assertThat(authorize, containsString("+automation&"));
        assertThat(authorize, containsString("optional_scope=crm.schemas.contacts.write"));
        assertThat(
                authorize,
                containsString("redirect_uri=" + URLEncoder.encode(url("/oauth/callback"), StandardCharsets.UTF_8)));
        String callback = browser.get(authorize + "&portalId=" + SECOND_PORTAL)
                .headers()
                .firstValue("Location")
                .orElseThrow();
        String state = callback.replaceAll(".*[?&]state=([^&]*).*", "$1");
        String code = callback.replaceAll(".*[?&]code=([^&]*).*", "$1");

        // A forged state (one character changed, or made up) is refused before the code is used.
        String forgedState = state.substring(0, state.length() - 2)
                + (state.endsWith("A") ? "B" : "A")
                + state.charAt(state.length() - 1);
        for (String forged : List.of(forgedState, "made-up", "", "a.1.b")) {
            HttpResponse<String> refused = browser.get(url(
                    "/oauth/callback?code=" + code + "&state=" + URLEncoder.encode(forged, StandardCharsets.UTF_8)));
            assertEquals(400, refused.statusCode(), forged);
            assertThat(refused.body(), containsString("not valid or was already used"));
            assertTrue(refused.headers().firstValue("Set-Cookie").isEmpty());
        }
        assertTrue(portalRow(SECOND_PORTAL).isEmpty(), "nothing stored for a forged state");

        // The real one works once.
        HttpResponse<String> first = browser.get(callback);
        assertEquals(303, first.statusCode(), first.body());
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie, containsString("HttpOnly"));
        assertThat(cookie, containsString("SameSite=Lax"));
        assertThat(cookie, containsString("Path=/oauth"));
        assertFalse(cookie.contains("Secure"), "plain-http public URL: no Secure attribute");
        assertEquals("INSTALLED", portalRow(SECOND_PORTAL).orElseThrow().get("status"));

        // Replayed, it is refused and sets no session.
        HttpResponse<String> replayed = new Browser(false).get(callback);
        assertEquals(400, replayed.statusCode());
        assertTrue(replayed.headers().firstValue("Set-Cookie").isEmpty());
    }

    @Test
    void theConnectionPageAndItsFormsNeedTheSessionAndTheCsrfToken() throws Exception {
        // No session cookie.
        Browser stranger = new Browser(true);
        HttpResponse<String> noSession = stranger.get(url("/oauth/portal"));
        assertEquals(401, noSession.statusCode());
        assertThat(noSession.body(), containsString("Session expired"));
        assertEquals(
                401,
                stranger.post(url("/oauth/portal/disconnect"), Map.of("csrf", "x"))
                        .statusCode());
        // A forged session cookie.
        HttpResponse<String> forged = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url("/oauth/portal")))
                                .header(
                                        "Cookie",
                                        "nrs_connector_session=62515.AAAAAAAAAAAAAAAAAAAAAA.9999999999."
                                                + "A".repeat(43))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(401, forged.statusCode());

        Browser browser = new Browser(true);
        HttpResponse<String> page = install(browser, SECOND_PORTAL);
        assertEquals(200, page.statusCode(), page.body());
        assertThat(page.body(), containsString("<span id=\"portal-id\">62517</span>"));
        // Without or with a wrong CSRF token, nothing is linked or disconnected.
        for (Map<String, String> form : List.of(
                Map.of("apiUser", NrsSandbox.USERNAME, "apiPassword", NrsSandbox.API_PASSWORD),
                Map.of("csrf", "wrong", "apiUser", NrsSandbox.USERNAME, "apiPassword", NrsSandbox.API_PASSWORD))) {
            HttpResponse<String> refused = browser.post(url("/oauth/portal/account"), form);
            assertEquals(403, refused.statusCode());
        }
        assertEquals(
                403, browser.post(url("/oauth/portal/disconnect"), Map.of()).statusCode());
        assertEquals(
                403,
                browser.post(url("/oauth/portal/disconnect"), Map.of("csrf", csrf(page) + "x"))
                        .statusCode());
        Map<String, Object> row = portalRow(SECOND_PORTAL).orElseThrow();
        assertEquals("INSTALLED", row.get("status"));
        assertNull(row.get("nrs_api_password"));
        // A CSRF token of another session does not work either.
        HttpResponse<String> other = install(new Browser(true), SECOND_PORTAL);
        assertEquals(
                403,
                browser.post(url("/oauth/portal/disconnect"), Map.of("csrf", csrf(other)))
                        .statusCode());
        assertEquals("INSTALLED", portalRow(SECOND_PORTAL).orElseThrow().get("status"));
    }

    @Test
    void theUnsubscribePageTextAndLogoAreSetOnTheConnectionPage() throws Exception {
        unsubscribePageSettings.save(SECOND_PORTAL, null, null);
        Browser browser = new Browser(true);
        HttpResponse<String> page = install(browser, SECOND_PORTAL);
        try {
            assertEquals(200, page.statusCode(), page.body());
            assertThat(page.body(), containsString("action=\"/oauth/portal/unsubscribe-page\""));
            assertThat(page.body(), containsString("id=\"unsubscribeText\""));
            assertThat(
                    page.body(),
                    containsString("id=\"unsubscribeLogoUrl\" name=\"unsubscribeLogoUrl\" type=\"url\""
                            + " inputmode=\"url\" maxlength=\"2000\" value=\"\""));
            assertThat(page.body(), containsString("id=\"save-unsubscribe-page\""));
            String csrf = csrf(page);
            String form = url("/oauth/portal/unsubscribe-page");
            String text = "ACME Seguros <b>te echará de menos</b>\r\n\r\nEscríbenos a \"baja@acme.example\" & listo.";
            String logo = "https://cdn.example.com/acme.png?size=2&v=1";

            // Without the CSRF token, or with a wrong one, nothing is saved.
            assertEquals(
                    403,
                    browser.post(form, Map.of("unsubscribeText", text, "unsubscribeLogoUrl", logo))
                            .statusCode());
            assertEquals(
                    403,
                    browser.post(form, Map.of("csrf", csrf + "x", "unsubscribeText", text, "unsubscribeLogoUrl", logo))
                            .statusCode());
            assertEquals(
                    401,
                    new Browser(true)
                            .post(form, Map.of("csrf", csrf, "unsubscribeText", text))
                            .statusCode());
            assertEquals(
                    Optional.of(new PageSettings(SECOND_PORTAL, null, null)),
                    unsubscribePageSettings.find(SECOND_PORTAL));

            // Values the settings refuse are shown next to their field, as entered (escaped), and nothing is saved.
            HttpResponse<String> hostile = browser.post(
                    form,
                    Map.of(
                            "csrf",
                            csrf,
                            "unsubscribeText",
                            text,
                            "unsubscribeLogoUrl",
                            "http://cdn.example.com/\"><script>alert(1)</script>"));
            assertEquals(400, hostile.statusCode());
            assertThat(
                    hostile.body(),
                    containsString("<p id=\"unsubscribeLogoUrl-error\" class=\"error\">The logo "
                            + "URL is not a valid URL."));
            assertThat(
                    hostile.body(),
                    containsString("value=\"http://cdn.example.com/&quot;&gt;&lt;script&gt;"
                            + "alert(1)&lt;/script&gt;\" aria-describedby=\"unsubscribeLogoUrl-help unsubscribeLogoUrl-error\""
                            + " aria-invalid=\"true\""));
            assertThat(hostile.body(), not(containsString("<script>")));
            assertThat(hostile.body(), containsString("ACME Seguros &lt;b&gt;te echará de menos&lt;/b&gt;"));
            assertThat(hostile.body(), not(containsString("id=\"unsubscribeText-error\"")));
            HttpResponse<String> notHttps = browser.post(
                    form,
                    Map.of(
                            "csrf",
                            csrf,
                            "unsubscribeText",
                            "",
                            "unsubscribeLogoUrl",
                            "http://cdn.example.com/acme.png"));
            assertEquals(400, notHttps.statusCode());
            assertThat(
                    notHttps.body(),
                    containsString("<p id=\"unsubscribeLogoUrl-error\" class=\"error\">The logo "
                            + "URL must be an absolute https URL"));
            HttpResponse<String> tooLong = browser.post(
                    form, Map.of("csrf", csrf, "unsubscribeText", "a".repeat(1001), "unsubscribeLogoUrl", logo));
            assertEquals(400, tooLong.statusCode());
            assertThat(
                    tooLong.body(),
                    containsString("<p id=\"unsubscribeText-error\" class=\"error\">The page text is "
                            + "longer than 1000 characters (1001)."));
            HttpResponse<String> control = browser.post(
                    form, Map.of("csrf", csrf, "unsubscribeText", "Adiós\u0007", "unsubscribeLogoUrl", ""));
            assertEquals(400, control.statusCode());
            assertThat(
                    control.body(),
                    containsString("<p id=\"unsubscribeText-error\" class=\"error\">The page text "
                            + "holds a control character"));
            assertEquals(
                    Optional.of(new PageSettings(SECOND_PORTAL, null, null)),
                    unsubscribePageSettings.find(SECOND_PORTAL));

            // Saved: the page says so and shows the current values.
            HttpResponse<String> saved =
                    browser.post(form, Map.of("csrf", csrf, "unsubscribeText", text, "unsubscribeLogoUrl", logo));
            assertEquals(200, saved.statusCode(), saved.body());
            assertEquals("/oauth/portal", saved.uri().getPath());
            assertThat(
                    saved.body(),
                    containsString("<p id=\"notice\" class=\"notice\" role=\"status\">The unsubscribe "
                            + "page was saved.</p>"));
            String storedText = "ACME Seguros <b>te echará de menos</b>\n\nEscríbenos a \"baja@acme.example\" & listo.";
            String storedLogo = logo;
            assertEquals(
                    Optional.of(new PageSettings(SECOND_PORTAL, storedText, storedLogo)),
                    unsubscribePageSettings.find(SECOND_PORTAL));
            assertThat(
                    saved.body(),
                    containsString(">\nACME Seguros &lt;b&gt;te echará de menos&lt;/b&gt;\n\nEscríbenos "
                            + "a &quot;baja@acme.example&quot; &amp; listo.</textarea>"));
            assertThat(saved.body(), containsString("value=\"https://cdn.example.com/acme.png?size=2&amp;v=1\""));

            // A message sent for the portal: its unsubscribe page shows that text and logo, escaped.
            browser.post(
                    url("/oauth/portal/account"),
                    Map.of("csrf", csrf, "apiUser", NrsSandbox.USERNAME, "apiPassword", NrsSandbox.API_PASSWORD));
            assertEquals("CONNECTED", portalRow(SECOND_PORTAL).orElseThrow().get("status"));
            String contactId = given().contentType(ContentType.JSON)
                    .body(Map.of("portalId", SECOND_PORTAL, "properties", Map.of("mobilephone", "+34 612 345 678")))
                    .post("/sandbox/hubspot/contacts")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("id");
            String marker = Sandbox.marker();
            given().contentType(ContentType.JSON)
                    .body(Map.of(
                            "actionType",
                            "SEND_SMS",
                            "portalId",
                            SECOND_PORTAL,
                            "contactId",
                            contactId,
                            "inputFields",
                            Map.of("sender", "ACME", "message", "Hola " + marker + ". Baja: {UNSUB_URL}")))
                    .post("/sandbox/hubspot/workflows/enroll")
                    .then()
                    .statusCode(200)
                    .body("status", is(200));
            String sms = await().atMost(Sandbox.WAIT)
                    .until(
                            () -> given()
                                    .get("/sandbox/360nrs/messages")
                                    .then()
                                    .extract()
                                    .jsonPath()
                                    .getList("message", String.class)
                                    .stream()
                                    .filter(m -> m.contains(marker))
                                    .findFirst()
                                    .orElse(null),
                            m -> m != null);
            Matcher link = UNSUBSCRIBE_LINK.matcher(sms);
            assertTrue(link.find(), sms);
            // The link leads to the page once the connector recorded the message as sent.
            Sandbox.awaitEventTypes(contactId, events -> events.contains("SMS_DELIVERED"));
            String unsubscribePage = new Browser(true).get(link.group()).body();
            assertThat(
                    unsubscribePage,
                    containsString("<img class=\"logo\" src=\"https://cdn.example.com/acme.png?size=2"
                            + "&amp;v=1\" alt=\"Logo\">"));
            assertThat(
                    unsubscribePage,
                    containsString("<p>ACME Seguros &lt;b&gt;te echará de menos&lt;/b&gt;</p>\n"
                            + "<p>Escríbenos a &quot;baja@acme.example&quot; &amp; listo.</p>"));
            assertThat(unsubscribePage, not(containsString("<b>")));

            // Blank values restore the defaults.
            HttpResponse<String> cleared =
                    browser.post(form, Map.of("csrf", csrf, "unsubscribeText", " ", "unsubscribeLogoUrl", ""));
            assertEquals(200, cleared.statusCode());
            assertEquals(
                    Optional.of(new PageSettings(SECOND_PORTAL, null, null)),
                    unsubscribePageSettings.find(SECOND_PORTAL));
            assertThat(new Browser(true).get(link.group()).body(), not(containsString("<img")));
        } finally {
            // Other tests expect the portal not linked.
            HttpResponse<String> current = browser.get(url("/oauth/portal"));
            if (current.body().contains("id=\"disconnect\"")) {
                browser.post(url("/oauth/portal/disconnect"), Map.of("csrf", csrf(current)));
            }
        }
        // Disconnected, the page no longer offers the form, and a post is refused.
        HttpResponse<String> after = browser.get(url("/oauth/portal"));
        assertThat(after.body(), containsString("data-status=\"DISCONNECTED\""));
        assertThat(after.body(), not(containsString("unsubscribeText")));
        assertEquals(
                409,
                browser.post(
                                url("/oauth/portal/unsubscribe-page"),
                                Map.of("csrf", csrf(page), "unsubscribeText", "Otra"))
                        .statusCode());
        assertEquals(
                Optional.of(new PageSettings(SECOND_PORTAL, null, null)), unsubscribePageSettings.find(SECOND_PORTAL));
    }

    @Test
    void uninstallInHubSpotDisconnectsByEventOrByInvalidGrant() throws Exception {
        // The uninstall event.
        Browser browser = new Browser(true);
        HttpResponse<String> page = install(browser, SECOND_PORTAL);
        browser.post(
                url("/oauth/portal/account"),
                Map.of("csrf", csrf(page), "apiUser", NrsSandbox.USERNAME, "apiPassword", NrsSandbox.API_PASSWORD));
        assertEquals("CONNECTED", portalRow(SECOND_PORTAL).orElseThrow().get("status"));
        Map<String, Object> answer = given().contentType(ContentType.JSON)
                .body(Map.of("portalId", SECOND_PORTAL))
                .post("/sandbox/hubspot/apps/uninstall")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$");
        assertEquals(200, answer.get("status"));
        assertNoSecrets(SECOND_PORTAL);
        HttpResponse<String> after = browser.get(url("/oauth/portal"));
        assertThat(after.body(), containsString("data-status=\"DISCONNECTED\""));

        // A refresh answered invalid_grant.
        install(new Browser(true), SECOND_PORTAL);
        assertEquals("INSTALLED", portalRow(SECOND_PORTAL).orElseThrow().get("status"));
        given().contentType(ContentType.JSON)
                .body(Map.of("portalId", SECOND_PORTAL, "notify", false, "journal", false))
                .post("/sandbox/hubspot/apps/uninstall")
                .then()
                .statusCode(200);
        HubSpotApiException e =
                assertThrows(HubSpotApiException.class, () -> tokens.authorization(SECOND_PORTAL, true));
        assertEquals(409, e.status());
        assertNoSecrets(SECOND_PORTAL);
    }

    @Test
    void anUninstallFromBeforeTheLatestInstallLeavesThatInstallationConnected() throws Exception {
        install(new Browser(true), SECOND_PORTAL);
        assertEquals("INSTALLED", portalRow(SECOND_PORTAL).orElseThrow().get("status"));
        long beforeInstall = System.currentTimeMillis() - 60_000;
        String late = "[{\"subscriptionType\":\"APP_LIFECYCLE_EVENT\",\"action\":\"APP_UNINSTALL\"," + "\"portalId\":"
                + SECOND_PORTAL + ",\"occurredAt\":" + beforeInstall + "}]";
        HttpResponse<String> history = signedLifecycle(late);
        assertEquals(200, history.statusCode(), history.body());
        assertThat(history.body(), containsString("\"disconnected\":[]"));
        assertEquals("INSTALLED", portalRow(SECOND_PORTAL).orElseThrow().get("status"));

        String now = late.replace(Long.toString(beforeInstall), Long.toString(System.currentTimeMillis() + 1_000));
        HttpResponse<String> uninstall = signedLifecycle(now);
        assertEquals(200, uninstall.statusCode(), uninstall.body());
        assertThat(uninstall.body(), containsString("\"disconnected\":[" + SECOND_PORTAL + "]"));
        assertEquals("DISCONNECTED", portalRow(SECOND_PORTAL).orElseThrow().get("status"));
        assertNoSecrets(SECOND_PORTAL);
    }

    @Test
    void anUninstallWrittenToTheWebhooksJournalDisconnectsWithoutAnyWebhook() throws Exception {
        await().atMost(Sandbox.WAIT).until(webhooksJournal::subscribed);
        Browser browser = new Browser(true);
        HttpResponse<String> page = install(browser, SECOND_PORTAL);
        browser.post(
                url("/oauth/portal/account"),
                Map.of("csrf", csrf(page), "apiUser", NrsSandbox.USERNAME, "apiPassword", NrsSandbox.API_PASSWORD));
        assertEquals("CONNECTED", portalRow(SECOND_PORTAL).orElseThrow().get("status"));
        // The install's own APP_INSTALL entry is read and changes nothing.
        await().atMost(Sandbox.WAIT).until(() -> journalEntries() == journalEntriesRead());

        // While 360nrs is down a send waits in the queue; the uninstall (journal only) settles it NOT_SENT.
        given().contentType(ContentType.JSON)
                .body(Map.of("status", 503))
                .post("/sandbox/360nrs/faults")
                .then()
                .statusCode(200);
        String contactId = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "portalId",
                        SECOND_PORTAL,
                        "properties",
                        Map.of("firstname", "Rosa", "mobilephone", "+34 612 345 678")))
                .post("/sandbox/hubspot/contacts")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        String queued = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "actionType",
                        "SEND_SMS",
                        "portalId",
                        SECOND_PORTAL,
                        "contactId",
                        contactId,
                        "inputFields",
                        Map.of("sender", "ACME", "message", "Hola " + Sandbox.marker())))
                .post("/sandbox/hubspot/workflows/enroll")
                .then()
                .statusCode(200)
                .body("status", is(200))
                .extract()
                .path("callbackId");
        try {
            await().atMost(Sandbox.WAIT)
                    .until(() -> db.queryOne(
                                            "SELECT q.attempts FROM send_queue q JOIN message m "
                                                    + "ON m.id = q.message_id WHERE m.callback_id = ?",
                                            row -> row.getInt(1),
                                            queued)
                                    .orElse(0)
                            >= 1);
            // A failing and then a malformed journal answer first: each is retried on the next poll.
            given().contentType(ContentType.JSON)
                    .body(Map.of("failing", 1, "malformed", 1))
                    .post("/sandbox/hubspot/webhooks-journal/faults")
                    .then()
                    .statusCode(200);
            Map<String, Object> answer = given().contentType(ContentType.JSON)
                    .body(Map.of("portalId", SECOND_PORTAL, "notify", false))
                    .post("/sandbox/hubspot/apps/uninstall")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getMap("$");
            assertEquals(true, answer.get("journal"));
            assertNull(answer.get("status"), "no webhook was called");
            await().atMost(Sandbox.WAIT).until(() -> messageStatus(queued), "NOT_SENT:disconnected"::equals);
        } finally {
            given().delete("/sandbox/360nrs/faults");
        }
        assertNoSecrets(SECOND_PORTAL);
        given().get("/sandbox/hubspot/webhooks-journal/faults")
                .then()
                .statusCode(200)
                .body("failing", is(0))
                .body("malformed", is(0));
        await().atMost(Sandbox.WAIT).until(() -> journalEntries() == journalEntriesRead());

        // Installed again: polls read on from the offset kept, so the uninstall read before is not repeated...
        install(new Browser(true), SECOND_PORTAL);
        await().atMost(Sandbox.WAIT).until(() -> journalEntries() == journalEntriesRead());
        assertEquals("INSTALLED", portalRow(SECOND_PORTAL).orElseThrow().get("status"));
        // ...and the next uninstall is not skipped.
        given().contentType(ContentType.JSON)
                .body(Map.of("portalId", SECOND_PORTAL, "notify", false))
                .post("/sandbox/hubspot/apps/uninstall")
                .then()
                .statusCode(200)
                .body("journal", is(true));
        await().atMost(Sandbox.WAIT)
                .until(() -> portalRow(SECOND_PORTAL).orElseThrow().get("status"), "DISCONNECTED"::equals);
        assertNoSecrets(SECOND_PORTAL);
    }

    /** How many entries the stand-in's journal holds. */
    private int journalEntries() {
        return given().get("/sandbox/hubspot/webhooks-journal/entries")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$")
                .size();
    }

    /** How many of them the connector has read (the position of the offset it keeps). */
    private int journalEntriesRead() {
        String offset = journalCursor.offset();
        List<String> offsets = given().get("/sandbox/hubspot/webhooks-journal/entries")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        return offsets.indexOf(offset) + 1;
    }

    @Test
    void tokensAboutToExpireAreRefreshedAheadOfUse() throws Exception {
        install(new Browser(true), SECOND_PORTAL);
        String before = (String) portalRow(SECOND_PORTAL).orElseThrow().get("hubspot_access_token");
        db.update(
                "UPDATE portal SET hubspot_token_expires_at = ? WHERE portal_id = ?",
                Db.timestamp(Instant.now().plusSeconds(60)),
                SECOND_PORTAL);
        assertTrue(tokens.refreshExpiring() >= 1);
        Map<String, Object> row = portalRow(SECOND_PORTAL).orElseThrow();
        assertNotNull(row.get("hubspot_access_token"));
        assertFalse(before.equals(row.get("hubspot_access_token")), "a new access token");
    }

    @Test
    void badInputIsRefusedWithAClear4xx() throws Exception {
        Browser browser = new Browser(false);
        assertEquals(400, browser.get(url("/oauth/callback")).statusCode());
        assertEquals(
                400,
                browser.get(url("/oauth/callback?code=x&state=" + "a".repeat(3000)))
                        .statusCode());
        HttpResponse<String> declined = browser.get(url("/oauth/callback?error=access_denied&error_description=no"));
        assertEquals(400, declined.statusCode());
        assertThat(declined.body(), containsString("access_denied"));
        HttpResponse<String> script = browser.get(url("/oauth/callback?error=%3Cscript%3Ealert(1)%3C/script%3E"));
        assertEquals(400, script.statusCode());
        assertThat(script.body(), not(containsString("<script>")));
        assertThat(script.body(), containsString("&lt;script&gt;"));
        assertEquals(405, given().post("/oauth/install").then().extract().statusCode());
        // A form the HTTP layer cannot decode is a 400; one without a session a 401.
        given().contentType("application/x-www-form-urlencoded")
                .body("%zz=%%&&&")
                .post("/oauth/portal/account")
                .then()
                .statusCode(400);
        given().contentType("application/x-www-form-urlencoded")
                .body("apiUser=a&apiPassword=b")
                .post("/oauth/portal/account")
                .then()
                .statusCode(401);
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/oauth/portal/disconnect")
                .then()
                .statusCode(401);

        // App lifecycle events: unsigned is 401, signed but malformed is 400 naming the field.
        given().contentType(ContentType.JSON)
                .body("[]")
                .post("/hubspot/webhooks/app-lifecycle")
                .then()
                .statusCode(401);
        for (String body : List.of(
                "not json",
                "42",
                "[{\"subscriptionType\":\"APP_LIFECYCLE_EVENT\",\"action\":" + "\"APP_UNINSTALL\",\"portalId\":\"x\"}]",
                "[1]")) {
            HttpResponse<String> answer = signedLifecycle(body);
            assertEquals(400, answer.statusCode(), body);
            assertThat(answer.body(), containsString("\"status\":\"error\""));
        }
        assertEquals(
                200,
                signedLifecycle("[{\"subscriptionType\":\"contact.creation\",\"objectId\":1}]")
                        .statusCode());
    }

    private HttpResponse<String> signedLifecycle(String body) throws Exception {
        String target = url("/hubspot/webhooks/app-lifecycle");
        String timestamp = Long.toString(System.currentTimeMillis());
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(target))
                                .header("Content-Type", "application/json")
                                .header(HubSpotSignatureVerifier.TIMESTAMP_HEADER, timestamp)
                                .header(
                                        HubSpotSignatureVerifier.SIGNATURE_HEADER,
                                        HubSpotSignatureVerifier.sign(
                                                config.hubspot().clientSecret(), "POST", target, body, timestamp))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
