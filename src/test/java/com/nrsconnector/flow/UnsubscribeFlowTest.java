package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.sandbox.HubSpotSandbox;
import com.nrsconnector.sandbox.NrsSandbox;
import com.nrsconnector.store.Db;
import com.nrsconnector.store.PortalStore;
import com.nrsconnector.unsubscribe.UnsubscribePageSettings;
import com.nrsconnector.unsubscribe.UnsubscribePageSettings.PageSettings;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The unsubscribe link the connector sends, end to end: the page, the confirmation, SMS_UNSUBSCRIBED on the timeline,
 * the contact's opt-out property in HubSpot, and every later send to that number refused as unsubscribed. Links that
 * are not the connector's change nothing.
 */
@QuarkusTest
class UnsubscribeFlowTest {

    private static final long DEMO_PORTAL = 62515;
    private static final long OTHER_PORTAL = 62597;
    private static final long STYLED_PORTAL = 62596;
    private static final long UNDELIVERED_PORTAL = 62595;
    private static final Pattern LINK = Pattern.compile("https?://\\S+/u/[0-9a-z]+\\.[A-Za-z0-9_-]{22}");
    private static final Pattern NONCE = Pattern.compile("name=\"confirm\" value=\"([^\"]+)\"");
    private static final String PROPERTY = "sms_opt_out_360nrs";

    @Inject
    Db db;

    @Inject
    PortalStore portals;

    @Inject
    UnsubscribePageSettings pageSettings;

    @Test
    void confirmedLinkUnsubscribesTheNumberOnceAndLaterSendsAreNotSent() {
        String phone = randomMobile();
        String contact = Sandbox.createContact(Map.of("mobilephone", "+" + phone, "firstname", "Ana"));
        String link = sendAndTakeLink(DEMO_PORTAL, contact);
        Sandbox.awaitEventTypes(contact, events -> events.contains("SMS_DELIVERED"));

        Response page = given().get(link);
        assertEquals(200, page.statusCode());
        assertThat(page.contentType(), containsString("text/html"));
        assertThat(page.header("Content-Security-Policy"), containsString("default-src 'none'"));
        assertEquals("no-store", page.header("Cache-Control"));
        String html = page.asString();
        assertThat(html, containsString("id=\"unsubscribe-confirm\""));
        assertThat(html, containsString(phone.substring(phone.length() - 3) + "</span>"));
        assertThat(html, not(containsString(phone)));

        Response confirmed = confirm(link, nonceOf(html));
        assertEquals(200, confirmed.statusCode());
        assertThat(confirmed.asString(), containsString("id=\"unsubscribe-message\""));
        assertEquals("no-store", confirmed.header("Cache-Control"));

        List<String> events = Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_UNSUBSCRIBED"));
        assertEquals(List.of("SMS_SENT", "SMS_DELIVERED", "SMS_UNSUBSCRIBED"), events);
        await().atMost(Sandbox.WAIT).until(() -> "true".equals(contactProperty(contact, PROPERTY)));

        // Confirming again (and opening the page again) changes nothing more.
        Response again = confirm(link, nonceOf(html));
        assertEquals(200, again.statusCode());
        assertThat(again.asString(), containsString("id=\"unsubscribe-message\""));
        assertThat(
                given().get(link).then().statusCode(200).extract().asString(),
                containsString("id=\"unsubscribe-message\""));
        assertEquals(1L, optOutRows(phone));

        // The next send to that contact is refused, whatever the workflow says.
        String marker = Sandbox.marker();
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Otra vez " + marker));
        List<Map<String, Object>> timeline =
                await().atMost(Sandbox.WAIT).until(() -> Sandbox.timeline(contact), t -> t.size() >= 4);
        assertEquals("SMS_NOT_SENT", timeline.get(3).get("eventType"));
        assertThat(details(timeline.get(3)), containsString("unsubscribed"));
        assertTrue(Sandbox.nrsSmsRequestsMentioning(marker).isEmpty(), "nothing reached 360nrs");

        // One SMS_UNSUBSCRIBED and one HubSpot contact update, however often it was confirmed.
        Outbox.awaitNothingPendingForContact(db, contact);
        assertEquals(
                1,
                Sandbox.eventTypes(contact).stream()
                        .filter("SMS_UNSUBSCRIBED"::equals)
                        .count());
        assertEquals(
                1,
                Sandbox.hubspotRequests().stream()
                        .filter(r -> "/crm/v3/objects/contacts/batch/update".equals(r.get("path")))
                        .filter(r -> String.valueOf(r.get("body")).contains("\"" + contact + "\""))
                        .count());
    }

    @Test
    void alteredOrForgedLinkShowsAnErrorAndChangesNothing() {
        String phone = randomMobile();
        String contact = Sandbox.createContact(Map.of("mobilephone", "+" + phone));
        String link = sendAndTakeLink(DEMO_PORTAL, contact);
        Sandbox.awaitEventTypes(contact, events -> events.contains("SMS_DELIVERED"));
        String nonce =
                nonceOf(given().get(link).then().statusCode(200).extract().asString());

        char last = link.charAt(link.length() - 1);
        String altered = link.substring(0, link.length() - 1) + (last == 'A' ? 'B' : 'A');
        for (String bad : List.of(altered, link.replaceFirst("/u/([0-9a-z]+)\\.", "/u/$10."))) {
            Response shown = given().get(bad);
            assertEquals(404, shown.statusCode(), bad);
            assertThat(shown.contentType(), containsString("text/html"));
            assertThat(shown.asString(), containsString("id=\"unsubscribe-error\""));
            Response posted = confirm(bad, nonce);
            assertEquals(404, posted.statusCode());
            assertThat(posted.asString(), containsString("id=\"unsubscribe-error\""));
        }
        // The right link with a confirmation that is not the page's own is refused too.
        Response forgedNonce = confirm(link, (nonce.startsWith("x") ? "y" : "x") + nonce.substring(1));
        assertEquals(400, forgedNonce.statusCode());
        assertThat(forgedNonce.asString(), containsString("id=\"unsubscribe-error\""));

        Outbox.awaitNothingPendingForContact(db, contact);
        assertEquals(0L, optOutRows(phone));
        assertEquals(List.of("SMS_SENT", "SMS_DELIVERED"), Sandbox.eventTypes(contact));
        assertEquals(null, contactProperty(contact, PROPERTY));
    }

    @Test
    void anotherPortalsLinkDoesNotOptOutInThisPortal() {
        portals.createIfAbsent(
                OTHER_PORTAL,
                HubSpotSandbox.DEMO_REFRESH_TOKEN,
                NrsSandbox.USERNAME,
                NrsSandbox.API_PASSWORD,
                "Europe/Madrid");
        String phone = randomMobile();
        String inOther = Sandbox.createContact(Map.of("mobilephone", "+" + phone));
        String inDemo = Sandbox.createContact(Map.of("mobilephone", "+" + phone));
        String link = sendAndTakeLink(OTHER_PORTAL, inOther);
        Sandbox.awaitEventTypes(inOther, events -> events.contains("SMS_DELIVERED"));
        String html = given().get(link).then().statusCode(200).extract().asString();
        assertEquals(200, confirm(link, nonceOf(html)).statusCode());
        Sandbox.awaitEventTypes(inOther, events -> events.contains("SMS_UNSUBSCRIBED"));

        String marker = Sandbox.marker();
        enroll(DEMO_PORTAL, inDemo, "Hola " + marker);
        assertEquals(
                List.of("SMS_SENT", "SMS_DELIVERED"),
                Sandbox.awaitEventTypes(inDemo, events -> events.contains("SMS_DELIVERED")));
        assertEquals(1, Sandbox.nrsSmsRequestsMentioning(marker).size());
        assertEquals(
                0L,
                db.queryOne(
                                "SELECT COUNT(*) FROM opt_out WHERE portal_id = ? AND phone = ?",
                                r -> r.getLong(1),
                                DEMO_PORTAL,
                                phone)
                        .orElseThrow());
        assertEquals(
                1L,
                db.queryOne(
                                "SELECT COUNT(*) FROM opt_out WHERE portal_id = ? AND phone = ?",
                                r -> r.getLong(1),
                                OTHER_PORTAL,
                                phone)
                        .orElseThrow());
    }

    @Test
    void undeliveredMessagesLinkStillOptsOutButRaisesNoUnsubscribedEvent() {
        // 34600000002 is "sent, then not delivered" at the 360nrs stand-in; a portal of its own keeps the demo
        // portal's contact with that number sending.
        portals.createIfAbsent(
                UNDELIVERED_PORTAL,
                HubSpotSandbox.DEMO_REFRESH_TOKEN,
                NrsSandbox.USERNAME,
                NrsSandbox.API_PASSWORD,
                "Europe/Madrid");
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 600 000 002"));
        String link = sendAndTakeLink(UNDELIVERED_PORTAL, contact);
        Sandbox.awaitEventTypes(contact, events -> events.contains("SMS_NOT_DELIVERED"));
        String html = given().get(link).then().statusCode(200).extract().asString();
        assertThat(
                confirm(link, nonceOf(html)).then().statusCode(200).extract().asString(),
                containsString("id=\"unsubscribe-message\""));

        enroll(UNDELIVERED_PORTAL, contact, "Otra vez");
        List<Map<String, Object>> timeline =
                await().atMost(Sandbox.WAIT).until(() -> Sandbox.timeline(contact), t -> t.size() >= 3);
        assertEquals(
                List.of("SMS_SENT", "SMS_NOT_DELIVERED", "SMS_NOT_SENT"),
                timeline.stream().map(e -> e.get("eventType")).toList());
        assertThat(details(timeline.get(2)), containsString("unsubscribed"));
        await().atMost(Sandbox.WAIT).until(() -> "true".equals(contactProperty(contact, PROPERTY)));
    }

    @Test
    void pageShowsThePortalsTextAndLogoEscapedAndDefaultsInTheRecipientsLanguage() {
        portals.createIfAbsent(
                STYLED_PORTAL,
                HubSpotSandbox.DEMO_REFRESH_TOKEN,
                NrsSandbox.USERNAME,
                NrsSandbox.API_PASSWORD,
                "Europe/Madrid");
        String contact = Sandbox.createContact(Map.of("mobilephone", "+" + randomMobile()));
        String link = sendAndTakeLink(STYLED_PORTAL, contact);

        String defaults = given().header("Accept-Language", "es-ES,es;q=0.9,en;q=0.5")
                .get(link)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(defaults, containsString("<html lang=\"es\">"));
        assertThat(defaults, containsString("Darme de baja"));
        assertThat(defaults, not(containsString("<img")));
        assertThat(given().get(link).then().statusCode(200).extract().asString(), containsString("<html lang=\"en\">"));

        assertEquals(Optional.empty(), pageSettings.find(STYLED_PORTAL));
        pageSettings.save(STYLED_PORTAL, "ACME <script>alert(1)</script>", "https://cdn.example.com/acme.png");
        PageSettings saved = pageSettings.save(
                STYLED_PORTAL, "ACME Seguros <script>alert(1)</script>", "https://cdn.example.com/acme.png");
        assertEquals(Optional.of(saved), pageSettings.find(STYLED_PORTAL));
        RequestRejectedException refused = assertThrows(
                RequestRejectedException.class,
                () -> pageSettings.save(STYLED_PORTAL, "x", "http://cdn.example.com/acme.png"));
        assertEquals("logoUrl", refused.field());
        assertEquals(Optional.of(saved), pageSettings.find(STYLED_PORTAL));

        String styled = given().get(link).then().statusCode(200).extract().asString();
        assertThat(styled, containsString("ACME Seguros &lt;script&gt;alert(1)&lt;/script&gt;"));
        assertThat(styled, not(containsString("<script>")));
        assertThat(
                styled, containsString("<img class=\"logo\" src=\"https://cdn.example.com/acme.png\" alt=\"Logo\">"));

        pageSettings.save(STYLED_PORTAL, " ", null);
        assertEquals(Optional.of(new PageSettings(STYLED_PORTAL, null, null)), pageSettings.find(STYLED_PORTAL));
    }

    @Test
    void badInputIsAClear4xx() {
        assertHtmlError(given().get("/u/garbage"), 400);
        assertHtmlError(given().get("/u/" + "a".repeat(300) + "." + "b".repeat(22)), 400);
        assertHtmlError(given().get("/u/zzzzzzzzzzzzzzz.AAAAAAAAAAAAAAAAAAAAAA"), 400);
        assertHtmlError(given().get("/u/1.AAAAAAAAAAAAAAAAAAAAAA"), 404);
        assertHtmlError(
                given().contentType(ContentType.URLENC).body("confirm=x").post("/u/garbage"), 400);
        assertEquals(414, given().get("/u/" + "a".repeat(9000)).statusCode());
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            Response wrong = given().request(method, "/u/1.AAAAAAAAAAAAAAAAAAAAAA");
            assertEquals(405, wrong.statusCode(), method);
            assertThat(wrong.asString(), containsString("\"status\":\"error\""));
        }
        // A real link confirmed without the page's confirmation.
        String contact = Sandbox.createContact(Map.of("mobilephone", "+" + randomMobile()));
        String link = sendAndTakeLink(DEMO_PORTAL, contact);
        assertHtmlError(given().contentType(ContentType.URLENC).body("").post(link), 400);
        assertHtmlError(
                given().contentType(ContentType.JSON)
                        .body("{\"confirm\":\"x\"}")
                        .post(link),
                400);
    }

    private static void assertHtmlError(Response response, int status) {
        assertEquals(status, response.statusCode(), response.asString());
        assertThat(response.contentType(), containsString("text/html"));
        assertThat(response.asString(), containsString("id=\"unsubscribe-error\""));
    }

    private String sendAndTakeLink(long portalId, String contactId) {
        String marker = Sandbox.marker();
        enroll(portalId, contactId, "Hola " + marker + ". Baja: {UNSUB_URL}");
        String text = await().atMost(Sandbox.WAIT).until(() -> nrsMessageMentioning(marker), t -> t != null);
        Matcher link = LINK.matcher(text);
        assertTrue(link.find(), "an unsubscribe link in " + text);
        return link.group();
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

    private static void enroll(long portalId, String contactId, String message) {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "actionType",
                        "SEND_SMS",
                        "portalId",
                        portalId,
                        "contactId",
                        contactId,
                        "inputFields",
                        Map.of("sender", "ACME", "message", message),
                        "callbackId",
                        "unsub-" + UUID.randomUUID()))
                .post("/sandbox/hubspot/workflows/enroll")
                .then()
                .statusCode(200);
    }

    private static Response confirm(String link, String nonce) {
        return given().contentType(ContentType.URLENC)
                .formParam("confirm", nonce)
                .post(link);
    }

    private static String nonceOf(String html) {
        Matcher nonce = NONCE.matcher(html);
        assertTrue(nonce.find(), "a confirmation form in " + html);
        return nonce.group(1);
    }

    private static String contactProperty(String contactId, String property) {
        return given().get("/sandbox/hubspot/contacts/" + contactId)
                .then()
                .statusCode(200)
                .extract()
                .path("properties." + property);
    }

    @SuppressWarnings("unchecked")
    private static String details(Map<String, Object> event) {
        return ((Map<String, String>) event.get("tokens")).get("details");
    }

    private long optOutRows(String phone) {
        return db.queryOne("SELECT COUNT(*) FROM opt_out WHERE phone = ?", r -> r.getLong(1), phone)
                .orElseThrow();
    }

    /** A Spanish mobile number no other test uses, in the international form 360nrs gets (no +). */
    private static String randomMobile() {
        return "3461" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }
}
