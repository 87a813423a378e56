package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

import com.nrsconnector.install.InstallSecurity;
import com.nrsconnector.install.SessionCookies;
import com.nrsconnector.sandbox.NrsSandbox;
import com.nrsconnector.support.Browser;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The statistics of a scripted mix of outcomes (sent, not sent, delivered, not delivered, clicked twice, replied,
 * unsubscribed by a BAJA reply) agree with the events the connector wrote to the contacts' timelines, in the JSON API
 * and on the statistics page in headless Chromium; the portal's session and the operators may read them, another
 * portal's session gets 403, nobody else anything.
 */
@QuarkusTest
class StatisticsFlowTest {

    private static final long PORTAL = 62515;
    private static final long OTHER_PORTAL = 62599;
    private static final String[] OUTCOMES = {
        "SMS_SENT",
        "SMS_NOT_SENT",
        "SMS_DELIVERED",
        "SMS_NOT_DELIVERED",
        "SMS_CLICKED",
        "SMS_RESPONSE",
        "SMS_UNSUBSCRIBED"
    };
    private static final String[] FIELDS = {
        "sent", "notSent", "delivered", "notDelivered", "clicked", "replied", "unsubscribed"
    };

    /** One scripted mix per test run: its campaign, workflow and contacts. */
    private static String campaign;

    private static long workflowId;
    private static List<String> contacts;

    @Inject
    InstallSecurity security;

    private String sessionOf(long portalId) {
        String setCookie = security.sessions().setCookie(security.sessions().open(portalId));
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static RequestSpecification ops() {
        return given().auth().preemptive().basic("ops", "sandbox-ops-password");
    }

    private static JsonPath enroll(String contact, Map<String, String> inputFields) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "actionType",
                        "SEND_SMS",
                        "contactId",
                        contact,
                        "inputFields",
                        inputFields,
                        "callbackId",
                        "stats-" + UUID.randomUUID(),
                        "workflowId",
                        workflowId))
                .post("/sandbox/hubspot/workflows/enroll")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String shortLinkOf(String marker) {
        String text = await().atMost(Sandbox.WAIT)
                .until(
                        () -> given()
                                .get("/sandbox/360nrs/messages")
                                .then()
                                .extract()
                                .jsonPath()
                                .<Map<String, Object>>getList("$")
                                .stream()
                                .map(m -> (String) m.get("message"))
                                .filter(m -> m.contains(marker))
                                .findFirst()
                                .orElse(null),
                        t -> t != null);
        for (String word : text.split(" ")) {
            if (word.contains("/l/")) {
                return word.substring(word.indexOf("/l/"));
            }
        }
        throw new AssertionError("no short link in " + text);
    }

    private static void reply(String from, String sender, String text) {
        given().contentType(ContentType.JSON)
                .body(Map.of("from", from, "to", sender, "text", text))
                .post("/sandbox/360nrs/replies")
                .then()
                .statusCode(200);
    }

    @BeforeEach
    void scriptedMix() {
        if (campaign != null) {
            return;
        }
        String marker = Sandbox.marker();
        campaign = "STATS_" + marker;
        workflowId = 700000000L + Math.abs(marker.hashCode() % 100000000);
        String sender = "ST" + marker.substring(1, 8);
        // Numbers of this run only, so that replies match these messages.
        String base = String.format("6%02d", Math.abs(marker.hashCode() % 90) + 10);
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            numbers.add("34" + base + i + String.format("%05d", Math.abs((marker + i).hashCode()) % 100000));
        }
        Map<String, String> fields =
                new HashMap<>(Map.of("sender", sender, "campaignName", campaign, "shortenUrls", "true"));
        contacts = new ArrayList<>();
        // 0: delivered, its link clicked twice. 1: delivered and replied. 2: delivered, replied BAJA (unsubscribed).
        // 3: delivered only. 4: not delivered. 5: not sent (360nrs refuses the number).
        for (int i = 0; i < 4; i++) {
            String contact = Sandbox.createContact(Map.of("mobilephone", "+" + numbers.get(i)));
            contacts.add(contact);
            fields.put("message", "Oferta https://shop.example.com/s" + i + " " + marker + "c" + i);
            enroll(contact, fields);
        }
        String notDelivered = Sandbox.createContact(Map.of("mobilephone", "+" + NrsSandbox.NOT_DELIVERED));
        contacts.add(notDelivered);
        fields.put("message", "Oferta " + marker + "c4");
        enroll(notDelivered, fields);
        String notSent = Sandbox.createContact(Map.of("mobilephone", "+" + NrsSandbox.INVALID));
        contacts.add(notSent);
        fields.put("message", "Oferta " + marker + "c5");
        enroll(notSent, fields);

        for (int i = 0; i < 4; i++) {
            Sandbox.awaitEventTypes(contacts.get(i), e -> e.contains("SMS_DELIVERED"));
        }
        Sandbox.awaitEventTypes(notDelivered, e -> e.contains("SMS_NOT_DELIVERED"));
        Sandbox.awaitEventTypes(notSent, e -> e.contains("SMS_NOT_SENT"));
        String link = shortLinkOf(marker + "c0");
        given().redirects().follow(false).get(link).then().statusCode(302);
        given().redirects().follow(false).get(link).then().statusCode(302);
        reply(numbers.get(1), sender, "Me interesa");
        reply(numbers.get(1), sender, "Me interesa");
        reply(numbers.get(2), sender, "BAJA");
        Sandbox.awaitEventTypes(contacts.get(0), e -> e.contains("SMS_CLICKED"));
        Sandbox.awaitEventTypes(contacts.get(1), e -> e.contains("SMS_RESPONSE"));
        Sandbox.awaitEventTypes(contacts.get(2), e -> e.contains("SMS_UNSUBSCRIBED"));
    }

    /** What the contacts' timelines in HubSpot show: how many messages reached each outcome. */
    private static Map<String, Long> fromTimelines() {
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < OUTCOMES.length; i++) {
            String outcome = OUTCOMES[i];
            expected.put(
                    FIELDS[i],
                    contacts.stream()
                            .filter(c -> Sandbox.eventTypes(c).contains(outcome))
                            .count());
        }
        return expected;
    }

    private static String today() {
        // Tomorrow in UTC is today or later in every zone: the period holds what was just sent.
        return LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
    }

    private static Map<String, Object> rowOf(List<Map<String, Object>> rows, String key, Object value) {
        return rows.stream()
                .filter(r -> value.equals(r.get(key)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + key + "=" + value + " in " + rows));
    }

    @Test
    void campaignAndWorkflowFiguresAgreeWithTheTimelines() {
        Map<String, Long> expected = fromTimelines();
        assertEquals(
                Map.of(
                        "sent",
                        5L,
                        "notSent",
                        1L,
                        "delivered",
                        4L,
                        "notDelivered",
                        1L,
                        "clicked",
                        1L,
                        "replied",
                        2L,
                        "unsubscribed",
                        1L),
                expected,
                "the scripted mix");
        String from = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        // The portal's session and the operators read the same figures.
        List<Map<String, Object>> bySession = given().header("Cookie", sessionOf(PORTAL))
                .queryParam("portalId", PORTAL)
                .queryParam("from", from)
                .queryParam("to", today())
                .get("/api/v1/stats/campaigns")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath()
                .getList("$");
        List<Map<String, Object>> byOps = ops().queryParam("portalId", PORTAL)
                .queryParam("from", from)
                .queryParam("to", today())
                .get("/api/v1/stats/campaigns")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Map<String, Object> row = rowOf(bySession, "campaignName", campaign);
        assertEquals(row, rowOf(byOps, "campaignName", campaign));
        assertEquals("SMS", row.get("channel"));
        for (String field : FIELDS) {
            assertEquals(expected.get(field).intValue(), ((Number) row.get(field)).intValue(), field);
        }
        assertEquals(0, ((Number) row.get("keyPresses")).intValue());
        assertEquals(5, ((Number) row.get("parts")).intValue(), "one part per sent message");
        assertEquals(0.8, ((Number) row.get("deliveryRate")).doubleValue(), 1e-6);
        assertEquals(0.2, ((Number) row.get("clickRate")).doubleValue(), 1e-6);

        List<Map<String, Object>> workflows = ops().queryParam("portalId", PORTAL)
                .queryParam("from", from)
                .queryParam("to", today())
                .get("/api/v1/stats/workflows")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Map<String, Object> workflow = workflows.stream()
                .filter(r -> ((Number) r.get("workflowId")).longValue() == workflowId)
                .findFirst()
                .orElseThrow();
        for (String field : FIELDS) {
            assertEquals(expected.get(field).intValue(), ((Number) workflow.get(field)).intValue(), field);
        }

        List<Map<String, Object>> perContact = ops().queryParam("portalId", PORTAL)
                .queryParam("from", from)
                .queryParam("to", today())
                .get("/api/v1/stats/contacts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Map<String, Object> first = rowOf(perContact, "contactId", contacts.get(0));
        assertEquals(1, ((Number) first.get("clicked")).intValue());
        assertEquals(1.0, ((Number) first.get("clickRate")).doubleValue(), 1e-6);

        // A period that ends before today holds none of these messages.
        List<Map<String, Object>> before = ops().queryParam("portalId", PORTAL)
                .queryParam("from", "2020-01-01")
                .queryParam("to", "2020-12-31")
                .get("/api/v1/stats/campaigns")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertEquals(
                0,
                before.stream()
                        .filter(r -> campaign.equals(r.get("campaignName")))
                        .count());
    }

    @Test
    void onlyThePortalsSessionAndTheOperatorsReadItsFigures() {
        for (String path : List.of("/api/v1/stats/campaigns", "/api/v1/stats/workflows", "/api/v1/stats/contacts")) {
            given().header("Cookie", sessionOf(OTHER_PORTAL))
                    .queryParam("portalId", PORTAL)
                    .get(path)
                    .then()
                    .statusCode(403)
                    .body("field", equalTo("portalId"));
            given().queryParam("portalId", PORTAL).get(path).then().statusCode(401);
            given().header("Cookie", "nrs_connector_session=62515.AAAAAAAAAAAAAAAAAAAAAA.9999999999." + "A".repeat(43))
                    .queryParam("portalId", PORTAL)
                    .get(path)
                    .then()
                    .statusCode(401);
            given().auth()
                    .preemptive()
                    .basic("ops", "wrong")
                    .queryParam("portalId", PORTAL)
                    .get(path)
                    .then()
                    .statusCode(401);
            // Another portal's session sees its own figures (other tests send for it too), none of the first
            // portal's campaign, workflow or contacts.
            List<Map<String, Object>> own = given().header("Cookie", sessionOf(OTHER_PORTAL))
                    .get(path)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("$");
            assertTrue(
                    own.stream()
                            .noneMatch(row -> campaign.equals(row.get("campaignName"))
                                    || String.valueOf(workflowId).equals(String.valueOf(row.get("workflowId")))
                                    || contacts.contains(String.valueOf(row.get("contactId")))),
                    own.toString());
        }
        ops().get("/api/v1/stats/campaigns").then().statusCode(400).body("field", equalTo("portalId"));
        ops().queryParam("portalId", "abc")
                .get("/api/v1/stats/campaigns")
                .then()
                .statusCode(400)
                .body("field", equalTo("portalId"));
        ops().queryParam("portalId", PORTAL)
                .queryParam("from", "2026-13-01")
                .get("/api/v1/stats/campaigns")
                .then()
                .statusCode(400)
                .body("field", equalTo("from"));
        ops().queryParam("portalId", PORTAL)
                .queryParam("to", "yesterday")
                .get("/api/v1/stats/workflows")
                .then()
                .statusCode(400)
                .body("field", equalTo("to"));
        ops().queryParam("portalId", PORTAL)
                .queryParam("from", "2026-02-01")
                .queryParam("to", "2026-01-01")
                .get("/api/v1/stats/contacts")
                .then()
                .statusCode(400)
                .body("field", equalTo("from"));
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/stats/campaigns")
                .then()
                .statusCode(405);
        // The page needs the session.
        given().get("/oauth/portal/stats").then().statusCode(401);
        given().header("Cookie", sessionOf(PORTAL))
                .queryParam("from", "x")
                .get("/oauth/portal/stats")
                .then()
                .statusCode(400)
                .body(containsString("id=\"message\""));
    }

    @Test
    void thePageDrawsTheFunnelAndTheEventsOverTimeInChromium() {
        Map<String, Long> expected = fromTimelines();
        try (Browser browser = Browser.start(getClass().getSimpleName() + "-page")) {
            String base = CardCalls.publicBaseUrl();
            String cookie = sessionOf(PORTAL);
            browser.open(base + "/oauth/portal/stats");
            assertThat(browser.driver().getPageSource(), containsString("Session expired"));
            browser.driver()
                    .manage()
                    .addCookie(new Cookie.Builder(SessionCookies.NAME, cookie.substring(cookie.indexOf('=') + 1))
                            .path("/oauth")
                            .isHttpOnly(true)
                            .build());
            browser.open(base + "/oauth/portal");
            browser.find("statistics-link").click();
            browser.until(d -> d.findElements(By.id("period")).isEmpty() ? null : true);
            // The default period, the last 30 days, includes today.
            browser.find("show").click();
            browser.until(d -> d.getCurrentUrl().contains("from=") ? true : null);
            WebElement funnel = browser.until(d -> d.findElements(By.cssSelector("figure.funnel")).stream()
                    .filter(f -> campaign.equals(f.getAttribute("data-campaign")))
                    .findFirst()
                    .orElse(null));
            browser.screenshot("statistics");
            Map<String, Long> bars = new HashMap<>();
            for (WebElement bar : funnel.findElements(By.cssSelector("rect.bar"))) {
                bars.put(bar.getAttribute("data-step"), Long.parseLong(bar.getAttribute("data-value")));
            }
            assertEquals(
                    Map.of(
                            "sent",
                            expected.get("sent"),
                            "delivered",
                            expected.get("delivered"),
                            "clicked",
                            expected.get("clicked"),
                            "replied",
                            expected.get("replied"),
                            "unsubscribed",
                            expected.get("unsubscribed")),
                    bars);
            List<WebElement> series = browser.driver().findElements(By.cssSelector("#events-over-time polyline"));
            Map<String, Long> totals = new HashMap<>();
            for (WebElement line : series) {
                totals.put(line.getAttribute("data-event-type"), Long.parseLong(line.getAttribute("data-total")));
            }
            // The chart counts every message of the period; at least this mix's events are among them.
            for (int i = 0; i < OUTCOMES.length; i++) {
                long atLeast = expected.get(FIELDS[i]);
                long shown = totals.getOrDefault(OUTCOMES[i], 0L);
                assertEquals(true, shown >= atLeast, OUTCOMES[i] + ": " + shown + " >= " + atLeast);
            }
        }
    }
}
