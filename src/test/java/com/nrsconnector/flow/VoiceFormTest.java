package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The "Send Voice Message" form of the contact-record card, as its script calls it: the link the card hands out, what
 * the form shows (languages and voices from the connector's file), the send through the pipeline, and its refusals.
 */
@QuarkusTest
class VoiceFormTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theCardHandsOutAVoiceFormLinkAndTheFormCallsTheContact() throws Exception {
        String contact =
                Sandbox.createContact(Map.of("firstname", "Rosa", "lastname", "Voz", "mobilephone", "+34 612 000 901"));
        String url = CardCalls.voiceFormUrl(contact);
        assertThat(url, startsWith(CardCalls.publicBaseUrl() + "/forms/voice?portalId=62515&contactId=" + contact));
        Map<String, String> link = CardCalls.linkParameters(url);

        given().urlEncodingEnabled(false)
                .get("/forms/voice?" + CardCalls.query(link))
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("/forms/assets/form.js"))
                .body(containsString("/forms/assets/voice.js"));
        given().get("/forms/assets/voice.js")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/javascript"))
                .body(containsString("/forms/voice/send"));
        given().urlEncodingEnabled(false)
                .get("/forms/voice/context?" + CardCalls.query(link))
                .then()
                .statusCode(200)
                .body("contactName", equalTo("Rosa Voz"))
                .body("languages.es_ES", contains("F", "M"))
                .body("languages.keySet()", hasItems("es_ES", "pt_PT", "en_GB"));

        String marker = Sandbox.marker();
        send(
                        link,
                        Map.of(
                                "caller",
                                "34911234567",
                                "locutionType",
                                "TTS",
                                "language",
                                "es_ES",
                                "voice",
                                "F",
                                "text",
                                "Hola {{contact.firstname}}, " + marker))
                .statusCode(200)
                .body("message", equalTo("Voice message sent successfully"));
        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.contains("VOICE_DELIVERED")),
                contains("VOICE_SENT", "VOICE_DELIVERED"));
        List<Map<String, Object>> calls = Sandbox.nrsVoiceRequestsMentioning(marker);
        assertThat(calls, hasSize(1));
        JsonNode body = json.readTree((String) calls.get(0).get("body"));
        assertEquals("34612000901", body.path("to").get(0).asText());
        assertEquals("Hola Rosa, " + marker, body.path("message").asText());

        // The link is good for one send.
        send(link, Map.of("locutionType", "TTS", "language", "es_ES", "text", "Otra vez"))
                .statusCode(409);
    }

    @Test
    void badFieldsAreRefusedNamingTheFormsFieldAndUseNoLink() {
        Map<String, String> link = CardCalls.linkParameters(CardCalls.voiceFormUrl("1001"));
        send(link, Map.of("locutionType", "AUDIO", "audioUrl", "http://files.example.com/a.mp3"))
                .statusCode(400)
                .body("field", equalTo("audioUrl"))
                .body("message", containsString("https"));
        send(link, Map.of("locutionType", "TTS", "language", "xx_XX", "text", "Hola"))
                .statusCode(400)
                .body("field", equalTo("language"));
        send(link, Map.of("locutionType", "TTS", "language", "es_ES", "text", " "))
                .statusCode(400)
                .body("field", equalTo("text"));
        // Still unused: a good send goes.
        send(link, Map.of("locutionType", "AUDIO", "audioUrl", "https://files.example.com/a.mp3"))
                .statusCode(200);
    }

    @Test
    void anSmsLinkDoesNotOpenTheVoiceForm() {
        Map<String, String> sms = CardCalls.linkParameters(CardCalls.smsFormUrl("1001"));
        int status = send(sms, Map.of("locutionType", "AUDIO", "audioUrl", "https://files.example.com/a.mp3"))
                .extract()
                .statusCode();
        assertThat(String.valueOf(status), org.hamcrest.Matchers.matchesPattern("40[13]"));
    }

    private static ValidatableResponse send(Map<String, String> link, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>(link);
        body.putAll(fields);
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/forms/voice/send")
                .then();
    }
}
