package com.nrsconnector.flow;

import static com.nrsconnector.flow.Sandbox.awaitEventTypes;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.hubspot.HubSpotSignatureVerifier;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * "Send Voice Interactive Message through 360NRS" from a workflow: the stand-in answers calls to 3461000000K and
 * presses key K; what the key does happens on the connector's side with its events, in the seed's order.
 */
@QuarkusTest
class IvrWorkflowFlowTest {

    private static final String PATH = "/hubspot/actions/send-ivr";
    private static final String SECRET = "sandbox-client-secret";

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    Db db;

    @Test
    void keyOneSendsAnSmsThroughTheSmsPipelineWithItsOwnEvents() throws Exception {
        String contact = Sandbox.createContact(Map.of("firstname", "Luis", "mobilephone", "+34 610 000 001"));
        String marker = Sandbox.marker();
        Map<String, String> inputs = new HashMap<>(Map.of(
                "locutionType",
                "TTS",
                "language",
                "es_ES",
                "text",
                "Pulse 1 para recibir su enlace, 2 para hablar con un agente. " + marker,
                "key1Action",
                "SMS",
                "key1Value",
                "Hola {{contact.firstname}}, su enlace " + marker,
                "key1Sender",
                "ACME",
                "key2Action",
                "TRANSFER",
                "key2Value",
                "+34 911 234 567",
                "key0Action",
                "REPEAT",
                "wrongKeyText",
                "Opción no válida"));
        inputs.put("campaignName", "IVR citas");
        JsonPath answer = Sandbox.enroll("SEND_IVR", contact, inputs, "ivr-" + UUID.randomUUID());
        assertEquals(200, answer.getInt("status"));
        assertEquals("BLOCK", answer.getString("response.outputFields.hs_execution_state"));

        assertThat(
                awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                contains("VOICE_SENT", "VOICE_DELIVERED", "VOICE_KEY_PRESSED", "SMS_SENT", "SMS_DELIVERED"));

        List<Map<String, Object>> calls = Sandbox.nrsVoiceRequestsMentioning("Pulse 1");
        calls.removeIf(c -> !String.valueOf(c.get("body")).contains(marker));
        assertThat(calls, hasSize(1));
        JsonNode call = json.readTree((String) calls.get(0).get("body"));
        assertEquals("34610000001", call.path("to").get(0).asText());
        assertEquals("Opción no válida", call.path("wrongKeyMessage").asText());
        assertThat(call.path("keyNotificationUrl").asText(), containsString("/callbacks/360nrs/voice/key?ref="));
        Map<String, JsonNode> keys = new HashMap<>();
        call.path("options").forEach(k -> keys.put(k.path("key").asText(), k));
        assertEquals(Set.of("0", "1", "2"), keys.keySet());
        assertEquals("notify", keys.get("1").path("action").asText());
        assertFalse(keys.get("1").has("message"), "the connector sends the key's SMS itself");
        assertEquals("transfer", keys.get("2").path("action").asText());
        assertEquals("34911234567", keys.get("2").path("phone").asText());
        assertEquals("repeat", keys.get("0").path("action").asText());

        Map<String, String> pressed = tokens(contact, 2);
        assertEquals("key 1: SMS", pressed.get("details"));
        assertEquals("IVR citas", pressed.get("campaignName"));

        List<Map<String, Object>> sms = Sandbox.nrsSmsRequestsMentioning(marker);
        assertThat(sms, hasSize(1));
        JsonNode body = json.readTree((String) sms.get(0).get("body"));
        assertEquals("34610000001", body.path("to").get(0).asText());
        assertEquals("ACME", body.path("from").asText());
        assertEquals("Hola Luis, su enlace " + marker, body.path("message").asText());
        assertEquals("ACME", tokens(contact, 3).get("sender"));

        // The workflow completes once the key is known, with it as keyPressed.
        Map<String, String> outputs = awaitCompletion(answer.getString("callbackId"));
        assertEquals("DELIVERED", outputs.get("deliveryStatus"));
        assertEquals("1", outputs.get("keyPressed"));
        assertEquals(pressed.get("messageId"), outputs.get("messageId"));
    }

    @Test
    void aCallWithoutAKeyPressCompletesWithTheNoKeyOptionAfterTheWait() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 921"));
        JsonPath answer = Sandbox.enroll(
                "SEND_IVR",
                contact,
                Map.of("locutionType", "TTS", "language", "es_ES", "text", "Pulse 1", "key1Action", "HANGUP"),
                "ivr-" + UUID.randomUUID());
        assertThat(
                awaitEventTypes(contact, e -> e.contains("VOICE_DELIVERED")),
                contains("VOICE_SENT", "VOICE_DELIVERED"));
        Map<String, String> outputs = awaitCompletion(answer.getString("callbackId"));
        assertEquals("SUCCESS", outputs.get("hs_execution_state"));
        assertEquals("DELIVERED", outputs.get("deliveryStatus"));
        assertEquals("NONE", outputs.get("keyPressed"));
    }

    @Test
    void keyNineUnsubscribesFromVoiceCallsButNotFromSms() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 610 000 009"));
        Sandbox.enroll(
                "SEND_IVR",
                contact,
                Map.of(
                        "locutionType",
                        "AUDIO",
                        "audioUrl",
                        "https://files.example.com/ivr.mp3",
                        "key9Action",
                        "UNSUBSCRIBE"),
                "ivr-" + UUID.randomUUID());
        assertThat(
                awaitEventTypes(contact, e -> e.contains("VOICE_UNSUBSCRIBED")),
                contains("VOICE_SENT", "VOICE_DELIVERED", "VOICE_KEY_PRESSED", "VOICE_UNSUBSCRIBED"));
        assertEquals("key 9: UNSUBSCRIBE", tokens(contact, 2).get("details"));

        String marker = Sandbox.marker();
        Sandbox.enrollVoice(contact, Map.of("locutionType", "TTS", "language", "es_ES", "text", "Otra " + marker));
        assertThat(
                awaitEventTypes(contact, e -> e.contains("VOICE_NOT_SENT")),
                contains("VOICE_SENT", "VOICE_DELIVERED", "VOICE_KEY_PRESSED", "VOICE_UNSUBSCRIBED", "VOICE_NOT_SENT"));
        assertThat(tokens(contact, 4).get("details"), containsString("unsubscribed"));
        assertTrue(Sandbox.nrsVoiceRequestsMentioning(marker).isEmpty());

        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Sigue " + marker));
        assertThat(
                awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                contains(
                        "VOICE_SENT",
                        "VOICE_DELIVERED",
                        "VOICE_KEY_PRESSED",
                        "VOICE_UNSUBSCRIBED",
                        "VOICE_NOT_SENT",
                        "SMS_SENT",
                        "SMS_DELIVERED"));
    }

    @Test
    void aRepeatedKeyReportDoesNothingTwice() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 610 000 003"));
        String marker = Sandbox.marker();
        Sandbox.enroll(
                "SEND_IVR",
                contact,
                Map.of(
                        "locutionType",
                        "TTS",
                        "language",
                        "es_ES",
                        "text",
                        "Hola",
                        "key3Action",
                        "SMS",
                        "key3Value",
                        "Una vez " + marker,
                        "key3Sender",
                        "ACME"),
                "ivr-" + UUID.randomUUID());
        awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED"));
        // 360nrs repeats its report.
        Map<String, Object> report = Sandbox.nrsCallbacks().stream()
                .filter(c -> String.valueOf(c.get("url")).contains("/voice/key?")
                        && String.valueOf(c.get("url")).contains("key=3"))
                .reduce((a, b) -> b)
                .orElseThrow();
        String url = (String) report.get("url");
        given().urlEncodingEnabled(false)
                .get(url.substring(url.indexOf("/callbacks/")))
                .then()
                .statusCode(200)
                .body("status", equalTo("duplicate"));
        Outbox.awaitNothingPendingForContact(db, contact);
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
        assertEquals(
                1,
                Sandbox.eventTypes(contact).stream()
                        .filter("VOICE_KEY_PRESSED"::equals)
                        .count());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "empty key value|{\"key1Action\":\"SMS\",\"key1Sender\":\"ACME\"}|inputFields.key1Value",
                "transfer without number|{\"key2Action\":\"TRANSFER\",\"key2Value\":\" \"}|inputFields.key2Value",
                "transfer to an invalid number|{\"key2Action\":\"TRANSFER\",\"key2Value\":\"12345\"}|inputFields.key2Value",
                "SMS over 5 parts|{\"key3Action\":\"SMS\",\"key3Sender\":\"ACME\",\"key3Value\":\"LONG\"}|inputFields.key3Value",
                "SMS without sender|{\"key4Action\":\"SMS\",\"key4Value\":\"Hola\"}|inputFields.key4Sender",
                "SMS with a bad sender|{\"key4Action\":\"SMS\",\"key4Value\":\"Hola\",\"key4Sender\":\"ACME-CORPORATION\"}|inputFields.key4Sender",
                "SMS with a malformed token|{\"key4Action\":\"SMS\",\"key4Value\":\"Hola {{firstname}}\",\"key4Sender\":\"ACME\"}|inputFields.key4Value",
                "unknown action|{\"key5Action\":\"DANCE\"}|inputFields.key5Action",
                "play without value|{\"key6Action\":\"PLAY\"}|inputFields.key6Value",
                "play from a non-https URL|{\"key6Action\":\"PLAY\",\"key6Value\":\"http://files.example.com/a.mp3\"}|inputFields.key6Value",
                "both wrong-key prompts|{\"wrongKeyText\":\"No\",\"wrongKeyAudioUrl\":\"https://files.example.com/no.mp3\"}|inputFields.wrongKeyAudioUrl",
                "non-https wrong-key audio|{\"wrongKeyAudioUrl\":\"ftp://files.example.com/no.mp3\"}|inputFields.wrongKeyAudioUrl",
                "non-https audio URL|{\"locutionType\":\"AUDIO\",\"audioUrl\":\"http://files.example.com/a.mp3\"}|inputFields.audioUrl",
                "unknown language|{\"language\":\"xx_XX\"}|inputFields.language",
            })
    void aKeyMapThatCannotWorkIs400NamingTheField(String what, String keys, String field) {
        String callbackId = "ivr-bad-" + UUID.randomUUID();
        String base = "{\"locutionType\":\"TTS\",\"language\":\"es_ES\",\"text\":\"Hola\",";
        String inputs = base + keys.substring(1).replace("LONG", "x".repeat(800));
        if (keys.contains("\"locutionType\"") || keys.contains("\"language\"")) {
            inputs = "{\"text\":\"Hola\"," + (keys.contains("\"locutionType\"") ? "" : "\"locutionType\":\"TTS\",")
                    + keys.substring(1);
        }
        post(payload(callbackId, inputs))
                .statusCode(400)
                .body("field", equalTo(field))
                .body("status", equalTo("error"));
        assertEquals(
                0,
                db.queryOne("SELECT COUNT(*) FROM action_request WHERE callback_id = ?", r -> r.getInt(1), callbackId)
                        .orElse(0),
                what);
    }

    @Test
    void aDuplicateCallbackIdIsStoredOnce() {
        String callbackId = "ivr-dup-" + UUID.randomUUID();
        String body = payload(
                callbackId,
                "{\"locutionType\":\"TTS\",\"language\":\"es_ES\",\"text\":\"Hola\"," + "\"key1Action\":\"HANGUP\"}");
        assertEquals(
                post(body).statusCode(200).extract().asString(),
                post(body).statusCode(200).extract().asString());
        assertEquals(
                1,
                db.queryOne("SELECT COUNT(*) FROM message WHERE callback_id = ?", r -> r.getInt(1), callbackId)
                        .orElse(0));
    }

    private static String payload(String callbackId, String inputs) {
        return "{\"callbackId\":\"" + callbackId + "\",\"origin\":{\"portalId\":62515,\"actionDefinitionId\":3},"
                + "\"context\":{\"source\":\"WORKFLOWS\",\"workflowId\":7},"
                + "\"object\":{\"objectId\":1001,\"objectType\":\"CONTACT\",\"properties\":{\"mobilephone\":\"+34612345678\"}},"
                + "\"inputFields\":" + inputs + "}";
    }

    private static ValidatableResponse post(String body) {
        String url = ConfigProvider.getConfig().getValue("connector.public-base-url", String.class) + PATH;
        String ts = Long.toString(System.currentTimeMillis());
        return given().contentType("application/json")
                .body(body)
                .header(HubSpotSignatureVerifier.TIMESTAMP_HEADER, ts)
                .header(
                        HubSpotSignatureVerifier.SIGNATURE_HEADER,
                        HubSpotSignatureVerifier.sign(SECRET, "POST", url, body, ts))
                .post(PATH)
                .then();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> awaitCompletion(String callbackId) {
        Map<String, Object> completion = org.awaitility.Awaitility.await()
                .atMost(Sandbox.WAIT)
                .until(
                        () -> Sandbox.completions().stream()
                                .filter(c -> callbackId.equals(c.get("callbackId")))
                                .findFirst()
                                .orElse(null),
                        c -> c != null);
        return (Map<String, String>) completion.get("outputFields");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> tokens(String contact, int index) {
        return new HashMap<>(
                (Map<String, String>) Sandbox.timeline(contact).get(index).get("tokens"));
    }
}
