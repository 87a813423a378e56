package com.nrsconnector.flow;

import static com.nrsconnector.flow.Sandbox.awaitEventTypes;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** What reaches 360nrs once a message is composed: encoding, limits, tokens, links. */
@QuarkusTest
class CompositionFlowTest {

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    CamelContext camel;

    @Inject
    Db db;

    private JsonNode sentBody(String marker) throws Exception {
        List<Map<String, Object>> sends = await().atMost(Sandbox.WAIT)
                .until(() -> Sandbox.nrsSmsRequestsMentioning(marker), list -> !list.isEmpty());
        assertThat(sends, hasSize(1));
        return json.readTree((String) sends.get(0).get("body"));
    }

    @Test
    void portugueseTextGoesOutAsGsmPt() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "912 345 678", "mobile_prefix_360nrs", "351"));
        String marker = Sandbox.marker();
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Olá, a sua encomenda está pronta " + marker));
        JsonNode body = sentBody(marker);
        assertEquals("gsm-pt", body.path("encoding").asText());
        assertEquals("351912345678", body.path("to").get(0).asText());
    }

    @Test
    void textOutsideGsmGoesOutAsUtf16() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 301"));
        String marker = Sandbox.marker();
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Привет 😀 " + marker));
        assertEquals("utf-16", sentBody(marker).path("encoding").asText());
    }

    @Test
    void analysisApiPredictsWhatTheSendDoes() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 306"));
        for (String text : List.of(
                "Plain GSM text [with] {ext} €",
                "Não há cão até às três",
                "Ünïcödé ✓ 漢字",
                "a".repeat(152) + "€" + "a".repeat(152))) {
            String marker = Sandbox.marker();
            String message = text + " " + marker;
            io.restassured.path.json.JsonPath analysis = given().contentType("application/json")
                    .body(Map.of("text", message, "encoding", "auto"))
                    .post("/api/v1/messages/analyze")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            Sandbox.enroll(contact, Map.of("sender", "ACME", "message", message));
            JsonNode body = sentBody(marker);
            assertEquals(
                    analysis.getString("nrsEncoding"), body.path("encoding").asText(), text);
            assertEquals(message, body.path("message").asText());
        }
    }

    @Test
    void sixPartTextIsNotSentAndNeverReaches360nrs() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 302"));
        String marker = Sandbox.marker();
        String text = marker + " " + "a".repeat(766 - marker.length() - 1);
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", text));

        String reason = Sandbox.awaitNotSentReason(contact);
        assertThat(reason, containsString("6 SMS parts"));
        assertThat(reason, containsString("at most 5"));
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(0));
    }

    @Test
    void fivePartTextIsSent() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 303"));
        String marker = Sandbox.marker();
        String text = marker + " " + "a".repeat(765 - marker.length() - 1);
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", text));
        JsonNode body = sentBody(marker);
        assertEquals(765, body.path("message").asText().length());
        assertThat(awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")), contains("SMS_SENT", "SMS_DELIVERED"));
    }

    @Test
    void missingTokensAreRemovedAndUtmIsAddedToLinks() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 304", "firstname", "Eva"));
        String marker = Sandbox.marker();
        Sandbox.enroll(
                contact,
                Map.of(
                        "sender",
                        "ACME",
                        "message",
                        "Hola {{contact.firstname}} {{contact.lastname}}, mira https://shop.example.com/a?x=1#top "
                                + marker,
                        "utmSource",
                        "hubspot",
                        "utmCampaign",
                        "black friday"));
        String message = sentBody(marker).path("message").asText();
        assertEquals(
                "Hola Eva, mira https://shop.example.com/a?x=1&utm_source=hubspot&utm_campaign=black%20friday#top "
                        + marker,
                message);
    }

    @Test
    void propertiesMissingFromThePayloadAreFetchedInOneBatch() throws Exception {
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            contacts.add(Sandbox.createContact(Map.of("mobilephone", "+34 612 000 31" + i, "city", "Ciudad" + i)));
        }
        String marker = Sandbox.marker();
        int before = batchReads().size();
        camel.getRouteController().stopRoute("send-dispatcher");
        try {
            for (String contact : contacts) {
                Sandbox.enroll(
                        contact, Map.of("sender", "ACME", "message", "Te esperamos en {{contact.city}} " + marker));
            }
        } finally {
            camel.getRouteController().startRoute("send-dispatcher");
        }
        await().atMost(Sandbox.WAIT)
                .until(() -> Sandbox.nrsSmsRequestsMentioning(marker).size() == 5);
        List<String> bodies = Sandbox.nrsSmsRequestsMentioning(marker).stream()
                .map(r -> (String) r.get("body"))
                .collect(Collectors.toList());
        for (int i = 0; i < 5; i++) {
            String city = "Ciudad" + i;
            assertEquals(
                    1,
                    bodies.stream()
                            .filter(b -> b.contains("Te esperamos en " + city + " "))
                            .count(),
                    city);
        }
        List<Map<String, Object>> reads =
                batchReads().subList(before, batchReads().size());
        assertThat("one batch read for the five recipients", reads, hasSize(1));
        JsonNode read = json.readTree((String) reads.get(0).get("body"));
        assertEquals(5, read.path("inputs").size());
        assertThat(read.path("properties").toString(), containsString("city"));
    }

    private List<Map<String, Object>> batchReads() {
        return Sandbox.hubspotRequests().stream()
                .filter(r -> "/crm/v3/objects/contacts/batch/read".equals(r.get("path")))
                .collect(Collectors.toList());
    }

    @Test
    void shortenedLinkRedirectsCountsAndRaisesClickedAfterDelivered() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 305"));
        String marker = Sandbox.marker();
        Sandbox.enroll(
                contact,
                Map.of(
                        "sender",
                        "ACME",
                        "shortenUrls",
                        "true",
                        "utmSource",
                        "sms",
                        "message",
                        "Oferta https://shop.example.com/very/long/path?with=query " + marker));
        String message = sentBody(marker).path("message").asText();
        assertThat(message, not(containsString("shop.example.com")));
        String shortUrl = message.split(" ")[1];
        assertThat(shortUrl, matchesPattern(Pattern.quote(base()) + "/l/[0-9A-Za-z]{8}"));
        awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED"));

        String path = shortUrl.substring(base().length());
        for (int i = 0; i < 2; i++) {
            given().redirects()
                    .follow(false)
                    .get(path)
                    .then()
                    .statusCode(302)
                    .header(
                            "Location",
                            startsWith("https://shop.example.com/very/long/path?with=query&utm_source=sms"));
        }
        assertThat(
                awaitEventTypes(contact, e -> e.contains("SMS_CLICKED")),
                contains("SMS_SENT", "SMS_DELIVERED", "SMS_CLICKED"));
        RestAssured.given()
                .redirects()
                .follow(false)
                .get("/l/doesnotexist")
                .then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("status", equalTo("error"))
                .body("message", equalTo("This link does not exist or has expired."));
    }

    private static String base() {
        return ConfigProvider.getConfig().getValue("connector.public-base-url", String.class);
    }

    /** The message sent to 360nrs for this marker, after the contact's final event. */
    private String sentMessage(String contact, String marker) throws Exception {
        String message = sentBody(marker).path("message").asText();
        awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED"));
        return message;
    }

    @Test
    void linkFromAContactPropertyIsNeverShortenedIntoARedirect() throws Exception {
        String contact =
                Sandbox.createContact(Map.of("mobilephone", "+34 612 000 320", "website", "https://evil.example/x"));
        String marker = Sandbox.marker();
        Sandbox.enroll(
                contact,
                Map.of(
                        "sender",
                        "ACME",
                        "shortenUrls",
                        "true",
                        "utmSource",
                        "sms",
                        "message",
                        "Tu web {{contact.website}} y la nuestra https://shop.example/ok " + marker));
        String message = sentMessage(contact, marker);
        assertThat(message, startsWith("Tu web https://evil.example/x y la nuestra " + base() + "/l/"));
        assertEquals(
                0,
                db.queryOne("SELECT COUNT(*) FROM short_link WHERE url LIKE ?", r -> r.getInt(1), "%evil.example%")
                        .orElseThrow());
        String code = message.split(" ")[6].substring((base() + "/l/").length());
        assertEquals(
                "https://shop.example/ok?utm_source=sms",
                db.queryOne("SELECT url FROM short_link WHERE code = ?", r -> r.getString(1), code)
                        .orElseThrow());
    }

    @Test
    void unsubscribePlaceholderInAContactPropertyStaysLiteral() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 321", "firstname", "{UNSUB_URL}"));
        String marker = Sandbox.marker();
        Sandbox.enroll(
                contact,
                Map.of("sender", "ACME", "message", "Hola {{contact.firstname}} " + marker + " Baja: {UNSUB_URL}"));
        String message = sentMessage(contact, marker);
        assertThat(message, startsWith("Hola {UNSUB_URL} " + marker + " Baja: " + base() + "/u/"));
    }

    @Test
    void controlCharactersOfFetchedPropertiesAreDropped() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 322", "city", "Vi\u0000go\u0007"));
        String marker = Sandbox.marker();
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Te esperamos en {{contact.city}} " + marker));
        assertEquals("Te esperamos en Vigo " + marker, sentMessage(contact, marker));
    }

    @Test
    void shortLinkToANonAsciiUrlRedirectsToItsPercentEncodedForm() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 323"));
        String marker = Sandbox.marker();
        Sandbox.enroll(
                contact,
                Map.of(
                        "sender",
                        "ACME",
                        "shortenUrls",
                        "true",
                        "message",
                        "Mira https://tienda.example/España/niño?región=Coruña&año=2025 " + marker));
        String shortUrl = sentMessage(contact, marker).split(" ")[1];
        given().redirects()
                .follow(false)
                .get(shortUrl.substring(base().length()))
                .then()
                .statusCode(302)
                .header(
                        "Location",
                        equalTo("https://tienda.example/Espa%C3%B1a/ni%C3%B1o"
                                + "?regi%C3%B3n=Coru%C3%B1a&a%C3%B1o=2025"));
    }

    @Test
    void malformedShortCodesAre404JsonWithoutAnError() {
        for (String path : List.of(
                "/l/%00", "/l/abc%00def", "/l/abc-def", "/l/%C3%B1", "/l/" + "a".repeat(33), "/l/abc%0D%0Adef")) {
            given().urlEncodingEnabled(false)
                    .redirects()
                    .follow(false)
                    .get(path)
                    .then()
                    .statusCode(404)
                    .contentType(ContentType.JSON)
                    .body("status", equalTo("error"))
                    .body("message", equalTo("This link does not exist or has expired."));
        }
    }
}
