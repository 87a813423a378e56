package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.flow.InstallBrowsers.Browser;
import com.nrsconnector.sandbox.HubSpotOAuthSandbox;
import com.nrsconnector.sandbox.NrsSandbox;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A whole portal's life against the stand-ins, from install to uninstall, with every kind of send, the card, an
 * unsubscribe and a reply in between: every request the connector made to HubSpot on the way conforms to its spec.
 */
@QuarkusTest
class SandboxJourneyConformanceTest {

    // Its own portal, so the uninstall at the end leaves the demo portal other tests use connected.
    private static final long PORTAL = HubSpotOAuthSandbox.SECOND_PORTAL;
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern UNSUBSCRIBE_LINK = Pattern.compile("https?://\\S+/u/[0-9a-z]+\\.[A-Za-z0-9_-]{22}");
    private static final Pattern NONCE = Pattern.compile("name=\"confirm\" value=\"([^\"]+)\"");

    @Inject
    ConnectorConfig config;

    @Inject
    Db db;

    @Test
    void aWholeJourneyFromInstallToUninstallSendsHubSpotOnlyRequestsThatConformToTheirSpecs() throws Exception {
        int before = SpecConformance.loggedRequests().size();

        // Install: the authorize page, the callback, the connection page; then the 360nrs account is linked.
        Browser browser = new Browser(true);
        String authorize = new Browser(false)
                .get(url("/oauth/install"))
                .headers()
                .firstValue("Location")
                .orElseThrow();
        HttpResponse<String> page = browser.get(authorize + "&portalId=" + PORTAL);
        assertEquals(200, page.statusCode(), page.body());
        assertThat(page.body(), containsString("data-status=\"INSTALLED\""));
        HttpResponse<String> linked = browser.post(
                url("/oauth/portal/account"),
                Map.of("csrf", csrf(page), "apiUser", NrsSandbox.USERNAME, "apiPassword", NrsSandbox.API_PASSWORD));
        assertEquals(200, linked.statusCode(), linked.body());
        assertThat(linked.body(), containsString("data-status=\"CONNECTED\""));

        // An SMS workflow action.
        String smsContact = createContact(Map.of("firstname", "Ana", "mobilephone", "+" + randomMobile()));
        String sms = enroll(
                "SEND_SMS",
                smsContact,
                Map.of("sender", "ACME", "message", "Hola {{contact.firstname}} " + Sandbox.marker()));
        awaitEvents(smsContact, e -> e.contains("SMS_DELIVERED"));
        assertDelivered(WaitForSendTest.awaitCompletion(sms));

        // A voice one.
        String voiceContact = createContact(Map.of("mobilephone", "+" + randomMobile()));
        String voice = enroll(
                "SEND_VOICE",
                voiceContact,
                Map.of("locutionType", "TTS", "language", "es_ES", "text", "Hola " + Sandbox.marker()));
        awaitEvents(voiceContact, e -> e.contains("VOICE_DELIVERED"));
        assertDelivered(WaitForSendTest.awaitCompletion(voice));

        // An IVR one: the stand-in's callee at ...0002 presses key 2.
        String ivrContact = createContact(Map.of("mobilephone", "+" + NrsSandbox.PRESSES_KEY_PREFIX + "2"));
        String ivr = enroll(
                "SEND_IVR",
                ivrContact,
                Map.of(
                        "locutionType",
                        "TTS",
                        "language",
                        "es_ES",
                        "text",
                        "Pulse 2 " + Sandbox.marker(),
                        "key2Action",
                        "HANGUP"));
        awaitEvents(ivrContact, e -> e.contains("VOICE_KEY_PRESSED"));
        assertEquals("2", WaitForSendTest.awaitCompletion(ivr).get("keyPressed"));

        // A deal-based one, sent to each of the deal's contacts.
        String bea = createContact(Map.of("firstname", "Bea", "mobilephone", "+" + randomMobile()));
        String carlos = createContact(Map.of("firstname", "Carlos", "mobilephone", "+" + randomMobile()));
        // HubSpot object ids are numbers.
        String dealId = Long.toString(900_000_000L + ThreadLocalRandom.current().nextLong(99_999_999L));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "id",
                        dealId,
                        "portalId",
                        PORTAL,
                        "properties",
                        Map.of("dealname", "Deal " + dealId),
                        "contactIds",
                        List.of(bea, carlos)))
                .post("/sandbox/hubspot/deals")
                .then()
                .statusCode(200);
        String deal = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "actionType",
                        "SEND_SMS",
                        "objectType",
                        "DEAL",
                        "dealId",
                        dealId,
                        "inputFields",
                        Map.of("sender", "ACME", "message", "Hola {{contact.firstname}} " + Sandbox.marker()),
                        "callbackId",
                        "deal-" + UUID.randomUUID()))
                .post("/sandbox/hubspot/workflows/enroll")
                .then()
                .statusCode(200)
                .body("status", is(200))
                .extract()
                .path("callbackId");
        awaitEvents(bea, e -> e.contains("SMS_DELIVERED"));
        awaitEvents(carlos, e -> e.contains("SMS_DELIVERED"));
        assertDelivered(WaitForSendTest.awaitCompletion(deal));

        // The contact card, as HubSpot's app card fetches it.
        CardCalls.card("portalId=" + PORTAL + "&contactId=" + smsContact)
                .statusCode(200)
                .body("forms.sms.url", notNullValue());

        // An unsubscribe: the link of an SMS, opened and confirmed.
        String unsubscribed = createContact(Map.of("mobilephone", "+" + randomMobile()));
        String marker = Sandbox.marker();
        enroll("SEND_SMS", unsubscribed, Map.of("sender", "ACME", "message", "Hola " + marker + ". Baja: {UNSUB_URL}"));
        String text = await().atMost(Sandbox.WAIT).until(() -> nrsMessageMentioning(marker), t -> t != null);
        Matcher link = UNSUBSCRIBE_LINK.matcher(text);
        assertTrue(link.find(), "an unsubscribe link in " + text);
        awaitEvents(unsubscribed, e -> e.contains("SMS_DELIVERED"));
        String unsubscribePage =
                given().get(link.group()).then().statusCode(200).extract().asString();
        Matcher nonce = NONCE.matcher(unsubscribePage);
        assertTrue(nonce.find(), "a confirmation form in " + unsubscribePage);
        given().contentType(ContentType.URLENC)
                .formParam("confirm", nonce.group(1))
                .post(link.group())
                .then()
                .statusCode(200);
        awaitEvents(unsubscribed, e -> e.contains("SMS_UNSUBSCRIBED"));
        await().atMost(Sandbox.WAIT)
                .until(() -> "true"
                        .equals(given().get("/sandbox/hubspot/contacts/" + unsubscribed)
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("properties.sms_opt_out_360nrs")));

        // A reply, forwarded by 360nrs to the connector's reply callback.
        String replyNumber = randomMobile();
        String replying = createContact(Map.of("mobilephone", "+" + replyNumber));
        enroll("SEND_SMS", replying, Map.of("sender", "CITAS", "message", "¿Confirma su cita? " + Sandbox.marker()));
        awaitEvents(replying, e -> e.contains("SMS_DELIVERED"));
        JsonPath reply = given().contentType(ContentType.JSON)
                .body(Map.of("from", replyNumber, "to", "CITAS", "text", "Sí"))
                .post("/sandbox/360nrs/replies")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("applied", reply.getString("response.status"));
        awaitEvents(replying, e -> e.contains("SMS_RESPONSE"));

        // The uninstall in HubSpot disconnects the portal.
        given().contentType(ContentType.JSON)
                .body(Map.of("portalId", PORTAL))
                .post("/sandbox/hubspot/apps/uninstall")
                .then()
                .statusCode(200)
                .body("status", is(200));
        await().atMost(Sandbox.WAIT)
                .until(
                        () -> db.queryOne(
                                        "SELECT status FROM portal WHERE portal_id = ?",
                                        row -> row.getString(1),
                                        PORTAL)
                                .orElse(null),
                        "DISCONNECTED"::equals);

        // The journal is polled on its own schedule: wait until the journey saw a read of it.
        List<Map<String, Object>> journey = await().atMost(Sandbox.WAIT)
                .until(
                        () -> {
                            List<Map<String, Object>> logged = SpecConformance.loggedRequests();
                            return logged.subList(before, logged.size());
                        },
                        requests -> requests.stream().anyMatch(JOURNAL_READ));

        SpecConformance.assertEachConformsToItsSpec(journey);
        Map<String, Predicate<Map<String, Object>>> expected = Map.of(
                "an OAuth token call", r -> "POST".equals(r.get("method")) && path(r).matches("/oauth/v[0-9]+/token"),
                "an introspect", r -> path(r).endsWith("/token/introspect"),
                "a timeline write", r -> "POST".equals(r.get("method")) && path(r).startsWith("/integrators/timeline/"),
                "a callback completion",
                        r -> path(r).startsWith("/automation/v4/actions/callbacks/") && path(r).endsWith("/complete"),
                "a contact read",
                        r -> path(r).startsWith("/crm/v3/objects/contacts")
                                && ("GET".equals(r.get("method")) || path(r).endsWith("/batch/read")),
                "a webhooks journal read", JOURNAL_READ);
        expected.forEach((what, matches) -> assertTrue(
                journey.stream().anyMatch(matches),
                what + " among "
                        + journey.stream()
                                .map(r -> r.get("method") + " " + path(r))
                                .distinct()
                                .toList()));
    }

    private static final Predicate<Map<String, Object>> JOURNAL_READ =
            r -> "GET".equals(r.get("method")) && path(r).startsWith("/webhooks-journal/journal/");

    private static String path(Map<String, Object> request) {
        return (String) request.get("path");
    }

    private String url(String path) {
        return config.publicBaseUrl() + path;
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertTrue(m.find(), "the page has a CSRF token: " + page.body());
        return m.group(1);
    }

    private static String createContact(Map<String, String> properties) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("portalId", PORTAL, "properties", properties))
                .post("/sandbox/hubspot/contacts")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    /** Enrolls the portal's contact in a workflow whose action is {@code actionType}; answers the callback id. */
    private static String enroll(String actionType, String contactId, Map<String, String> inputFields) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "actionType",
                        actionType,
                        "portalId",
                        PORTAL,
                        "contactId",
                        contactId,
                        "inputFields",
                        new HashMap<>(inputFields),
                        "callbackId",
                        "journey-" + UUID.randomUUID()))
                .post("/sandbox/hubspot/workflows/enroll")
                .then()
                .statusCode(200)
                .body("status", is(200))
                .extract()
                .path("callbackId");
    }

    private void awaitEvents(String contactId, Predicate<List<String>> done) {
        try {
            await().atMost(Sandbox.WAIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> Sandbox.eventTypes(contactId), done);
        } catch (ConditionTimeoutException e) {
            // Says where the contact's messages got stuck, which the timeline alone does not show.
            throw new AssertionError(
                    "timeline " + Sandbox.eventTypes(contactId) + ", messages "
                            + db.query(
                                    "SELECT channel, status, reason FROM message WHERE portal_id = ? AND contact_id = ?",
                                    row -> row.getString(1) + ":" + row.getString(2) + ":" + row.getString(3),
                                    PORTAL,
                                    contactId),
                    e);
        }
    }

    private static void assertDelivered(Map<String, String> outputs) {
        assertEquals("DELIVERED", outputs.get("deliveryStatus"), String.valueOf(outputs));
    }

    private static String nrsMessageMentioning(String marker) {
        List<Map<String, Object>> messages = given().get("/sandbox/360nrs/messages")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        return messages.stream()
                .map(m -> String.valueOf(m.get("message")))
                .filter(m -> m.contains(marker))
                .findFirst()
                .orElse(null);
    }

    /** A Spanish mobile number no other test uses, in the international form 360nrs gets (no +). */
    private static String randomMobile() {
        return "3462" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }
}
