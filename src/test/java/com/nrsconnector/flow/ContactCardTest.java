package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.nrsconnector.card.FormLinkSigner;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.sandbox.NrsSandbox;
import com.nrsconnector.store.Db;
import com.nrsconnector.store.PortalStore;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The contact-record card and its "Send SMS" form over HTTP: HubSpot's signature on the card, form links bound to one
 * portal and contact, good once and for a while, the workflow action's validation, marketing contacts only, and every
 * refusal in the JSON error shape.
 */
@QuarkusTest
class ContactCardTest {

    private static final Map<String, Object> VALID =
            Map.of("sender", "ACME", "message", "Hola {{contact.firstname}}", "shortenUrls", false);

    @Inject
    Db db;

    @Inject
    PortalStore portals;

    @Inject
    ConnectorConfig config;

    private static ValidatableResponse refused(ValidatableResponse response, int status, String field) {
        response.statusCode(status)
                .contentType(startsWith("application/json"))
                .body("status", equalTo("error"))
                .body("message", not(equalTo("")));
        if (field != null) {
            response.body("field", equalTo(field));
        }
        return response;
    }

    private static Map<String, String> freshLink(String contactId) {
        return CardCalls.linkParameters(CardCalls.smsFormUrl(contactId));
    }

    private static Map<String, String> with(Map<String, String> link, String name, String value) {
        Map<String, String> changed = new HashMap<>(link);
        changed.put(name, value);
        return changed;
    }

    // --- the card ------------------------------------------------------------------------------------------------

    @Test
    void anUnsignedCardRequestIs401() {
        refused(given().get(CardCalls.CARD + "?portalId=62515&contactId=1001").then(), 401, null);
    }

    @Test
    void aCardRequestSignedWithAnotherSecretIs401() {
        refused(CardCalls.card("portalId=62515&contactId=1001", "not-the-client-secret"), 401, null);
    }

    @Test
    void aCardRequestSignedForOtherParametersIs401() {
        String ts = Long.toString(System.currentTimeMillis());
        String signature = com.nrsconnector.hubspot.HubSpotSignatureVerifier.sign(
                CardCalls.SECRET,
                "GET",
                CardCalls.publicBaseUrl() + CardCalls.CARD + "?portalId=62515&contactId=1002",
                "",
                ts);
        refused(
                given().header("X-HubSpot-Request-Timestamp", ts)
                        .header("X-HubSpot-Signature-v3", signature)
                        .get(CardCalls.CARD + "?portalId=62515&contactId=1001")
                        .then(),
                401,
                null);
    }

    @Test
    void badCardParametersAre400NamingThem() {
        refused(CardCalls.card("contactId=1001"), 400, "portalId");
        refused(CardCalls.card("portalId=abc&contactId=1001"), 400, "portalId");
        refused(CardCalls.card("portalId=62515"), 400, "contactId");
        refused(CardCalls.card("portalId=62515&contactId=1001%3Cscript%3E"), 400, "contactId");
        refused(CardCalls.card("portalId=987654321&contactId=1001"), 404, null);
    }

    @Test
    void theCardListsTheContactsMessagesWithTheirLatestStatus() {
        String contactId = Sandbox.createContact(
                Map.of("firstname", "Carla", "mobilephone", "+34 600 000 001", "hs_marketable_status", "true"));
        Sandbox.enroll(
                contactId, Map.of("sender", "ACME", "message", "Tu pedido ha salido", "campaignName", "CARD_TEST"));
        Sandbox.awaitEventTypes(contactId, events -> events.contains("SMS_DELIVERED"));
        CardCalls.card("portalId=62515&contactId=" + contactId + "&appId=123&userId=9")
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("portalId", equalTo(62515))
                .body("contactId", equalTo(contactId))
                .body("messages.size()", equalTo(1))
                .body("messages[0].channel", equalTo("SMS"))
                .body("messages[0].sender", equalTo("ACME"))
                .body("messages[0].campaignName", equalTo("CARD_TEST"))
                .body("messages[0].status", equalTo("DELIVERED"))
                .body("messages[0].createdAt", notNullValue())
                .body(
                        "forms.sms.url",
                        startsWith(CardCalls.publicBaseUrl() + "/forms/sms?portalId=62515&contactId=" + contactId
                                + "&token="))
                .body("forms.sms.expiresAt", notNullValue());
    }

    // --- form links ----------------------------------------------------------------------------------------------

    @Test
    void aFormLinkOpensTheFormPageWithAStrictContentSecurityPolicy() {
        CardCalls.page(freshLink("1001"))
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .body(containsString("id=\"send-sms\""))
                .body(containsString("/forms/assets/form.js"));
    }

    @Test
    void onlyTheFormsOwnScriptAndStylesAreServedAsAssets() {
        given().get("/forms/assets/sms.js")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/javascript"))
                .body(containsString("/forms/sms/send"));
        // What the forms share, loaded by each page before its own script.
        given().get("/forms/assets/form.js")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/javascript"))
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("var SendForm"));
        given().get("/forms/assets/sms.css").then().statusCode(200).contentType(startsWith("text/css"));
        refused(given().get("/forms/assets/sms.html").then(), 404, null);
        refused(given().get("/forms/assets/..%2Fapplication.properties").then(), 404, null);
        refused(given().post("/forms/assets/sms.js").then(), 405, null);
    }

    @Test
    void aFormLinkForOnePortalCannotBeUsedForAnotherPortalOrContact() {
        portals.createIfAbsent(70001, "refresh-of-another-portal", NrsSandbox.USERNAME, NrsSandbox.API_PASSWORD, "UTC");
        Map<String, String> otherPortal = CardCalls.linkParameters(CardCalls.smsFormUrl(70001, "1001"));
        Map<String, String> moved = with(otherPortal, "portalId", "62515");
        refused(CardCalls.page(moved), 403, "token");
        refused(CardCalls.context(moved), 403, "token");
        refused(CardCalls.send(moved, VALID), 403, "token");
        Map<String, String> demo = freshLink("1001");
        refused(CardCalls.send(with(demo, "portalId", "70001"), VALID), 403, "token");
        refused(CardCalls.send(with(demo, "contactId", "1002"), VALID), 403, "token");
        assertEquals(0, formMessages(70001));
    }

    @Test
    void aFormLinkSendsOnceAndIsRefusedAfterwards() {
        Map<String, String> link = freshLink("1001");
        CardCalls.context(link)
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("contactName", equalTo("Ana García"))
                .body("marketingContact", equalTo(true))
                .body("unsubscribePlaceholder", equalTo("{UNSUB_URL}"))
                .body("properties.name", hasItem("firstname"));
        long messageId = ((Number) CardCalls.send(link, VALID)
                        .statusCode(200)
                        .body("status", equalTo("ok"))
                        .body("message", equalTo("SMS sent successfully"))
                        .body("contactName", equalTo("Ana García"))
                        .extract()
                        .path("messageId"))
                .longValue();
        refused(CardCalls.send(link, VALID), 409, "token");
        refused(CardCalls.context(link), 409, "token");
        refused(CardCalls.page(link), 409, "token");
        assertEquals(
                1,
                db.queryOne("SELECT COUNT(*) FROM form_link_use WHERE message_id = ?", r -> r.getInt(1), messageId)
                        .orElse(0));
    }

    @Test
    void aFormLinkSentByManyAtOnceSendsOnce() throws Exception {
        Map<String, String> link = freshLink("1001");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(
                        pool.submit(() -> CardCalls.send(link, VALID).extract().statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, statuses.stream().filter(status -> status == 200).count(), statuses.toString());
            assertEquals(7, statuses.stream().filter(status -> status == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredFormLinkIsRefused() {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        String token = new FormLinkSigner(config.card().formSigningKey(), past)
                .issue("sms", CardCalls.DEMO_PORTAL, "1001", Duration.ofMinutes(15))
                .token();
        Map<String, String> link = Map.of("portalId", "62515", "contactId", "1001", "token", token);
        refused(CardCalls.page(link), 410, "token");
        refused(CardCalls.context(link), 410, "token");
        refused(CardCalls.send(link, VALID), 410, "token");
    }

    @Test
    void aTamperedOrMissingTokenIsRefused() {
        Map<String, String> link = freshLink("1001");
        String token = link.get("token");
        String flipped = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        refused(CardCalls.send(with(link, "token", flipped), VALID), 403, "token");
        refused(CardCalls.context(with(link, "token", "not-a-token")), 403, "token");
        refused(CardCalls.send(link, Map.of("token", "", "sender", "ACME", "message", "hi")), 400, "token");
        Map<String, String> noToken = new HashMap<>(link);
        noToken.remove("token");
        refused(CardCalls.page(noToken), 400, "token");
        refused(CardCalls.context(with(link, "portalId", "-1")), 400, "portalId");
        refused(CardCalls.context(with(link, "contactId", "12a")), 400, "contactId");
    }

    // --- sending -----------------------------------------------------------------------------------------------

    @Test
    void aFormSendIsValidatedLikeTheWorkflowAction() {
        Map<String, String> link = freshLink("1001");
        refused(CardCalls.send(link, Map.of("message", "hi")), 400, "sender")
                .body("message", equalTo("sender is required"));
        refused(CardCalls.send(link, Map.of("sender", "ACME-TOO-LONG!", "message", "hi")), 400, "sender");
        refused(CardCalls.send(link, Map.of("sender", "ACME")), 400, "message");
        refused(CardCalls.send(link, Map.of("sender", "ACME", "message", "Hola {{ firstname }}")), 400, "message")
                .body("message", containsString("malformed contact token"));
        refused(CardCalls.send(link, Map.of("sender", "ACME", "message", "a\u0000b")), 400, "message");
        refused(
                CardCalls.send(link, Map.of("sender", "ACME", "message", "hi", "shortenUrls", "maybe")),
                400,
                "shortenUrls");
        refused(CardCalls.send(link, Map.of("sender", Map.of("x", 1), "message", "hi")), 400, "sender");
        refused(
                given().contentType("application/json")
                        .body("{\"token\":")
                        .post("/forms/sms/send")
                        .then(),
                400,
                "body");
        refused(
                given().contentType("application/json")
                        .body("[]")
                        .post("/forms/sms/send")
                        .then(),
                400,
                "body");
        refused(
                given().contentType("text/plain")
                        .body("sender=ACME")
                        .post("/forms/sms/send")
                        .then(),
                415,
                null);
        refused(given().get("/forms/sms/send").then(), 405, null);
        // None of these used the link.
        CardCalls.send(link, VALID).statusCode(200);
    }

    @Test
    void onlyMarketingContactsGetAnSmsFromTheRecord() {
        String contactId = Sandbox.createContact(Map.of(
                "firstname",
                "Nora",
                "lastname",
                "Nomarketing",
                "mobilephone",
                "+34 600 000 001",
                "hs_marketable_status",
                "false"));
        Map<String, String> link = freshLink(contactId);
        CardCalls.context(link).statusCode(200).body("marketingContact", equalTo(false));
        refused(CardCalls.send(link, VALID), 403, "contact").body("message", containsString("not a marketing contact"));
        assertEquals(
                0,
                db.queryOne("SELECT COUNT(*) FROM message WHERE contact_id = ?", r -> r.getInt(1), contactId)
                        .orElse(0));
    }

    @Test
    void aFormSendGoesThroughTheSendPipelineWithoutAWorkflowToComplete() {
        String contactId = Sandbox.createContact(
                Map.of("firstname", "Marta", "mobilephone", "+34 600 000 001", "hs_marketable_status", "true"));
        int completionsBefore = given().get("/sandbox/hubspot/callbacks")
                .then()
                .extract()
                .jsonPath()
                .getList("$")
                .size();
        CardCalls.send(
                        freshLink(contactId),
                        Map.of("sender", "ACME", "message", "Hola {{contact.firstname}}", "shortenUrls", "true"))
                .statusCode(200);
        List<String> events = Sandbox.awaitEventTypes(contactId, e -> e.contains("SMS_DELIVERED"));
        assertEquals(List.of("SMS_SENT", "SMS_DELIVERED"), events);
        Map<String, Object> sent = db.queryOne(
                        "SELECT callback_id, text, status FROM message WHERE contact_id = ?",
                        r -> {
                            Map<String, Object> row = new HashMap<>();
                            row.put("callback", r.getString(1));
                            row.put("text", r.getString(2));
                            row.put("status", r.getString(3));
                            return row;
                        },
                        contactId)
                .orElseThrow();
        assertEquals(null, sent.get("callback"));
        assertEquals("Hola Marta", sent.get("text"));
        assertEquals(
                completionsBefore,
                given().get("/sandbox/hubspot/callbacks")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("$")
                        .size(),
                "a send from the record completes no workflow");
        CardCalls.card("portalId=62515&contactId=" + contactId)
                .statusCode(200)
                .body("messages[0].status", equalTo("DELIVERED"))
                .body("messages.size()", greaterThan(0));
    }

    @Test
    void theContactPropertiesComeFromHubSpotsPropertiesApi() {
        CardCalls.context(freshLink("1002")).statusCode(200).body("properties.name", hasItem("mobile_prefix_360nrs"));
        List<Map<String, Object>> requests = given().get("/sandbox/hubspot/requests")
                .then()
                .extract()
                .jsonPath()
                .getList("$");
        assertTrue(
                requests.stream()
                        .anyMatch(r -> "GET".equals(r.get("method"))
                                && String.valueOf(r.get("path")).endsWith("/crm/v3/properties/contacts")),
                "properties API called");
    }

    private int formMessages(long portalId) {
        return db.queryOne("SELECT COUNT(*) FROM form_link_use WHERE portal_id = ?", r -> r.getInt(1), portalId)
                .orElse(0);
    }
}
