package com.nrsconnector.flow;

import static com.nrsconnector.flow.Sandbox.awaitEventTypes;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.hubspot.HubSpotSignatureVerifier;
import com.nrsconnector.messaging.Channel;
import com.nrsconnector.store.Db;
import com.nrsconnector.unsubscribe.OptOutStore;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * "Send Voice Message through 360NRS" from a workflow: from the HubSpot stand-in to the 360nrs stand-in's
 * POST /api/rest/voice and back onto the timeline (VOICE_* events) and the workflow's outputs, over real HTTP; and
 * every input field's refusal, before anything is stored.
 */
@QuarkusTest
class VoiceWorkflowFlowTest {

    private static final String PATH = "/hubspot/actions/send-voice";
    private static final String SECRET = "sandbox-client-secret";

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    Db db;

    @Inject
    OptOutStore optOuts;

    @Test
    void textToSpeechCallIsDeliveredAndCompletesTheWorkflow() throws Exception {
        String contact = Sandbox.createContact(Map.of("firstname", "Marta", "mobilephone", "+34 612 000 701"));
        String marker = Sandbox.marker();
        JsonPath answer = Sandbox.enrollVoice(
                contact,
                Map.of(
                        "caller",
                        "34911234567",
                        "locutionType",
                        "TTS",
                        "language",
                        "es_ES",
                        "voice",
                        "M",
                        "text",
                        "Hola {{contact.firstname}}, " + marker,
                        "campaignName",
                        "Citas voz"));

        assertEquals(200, answer.getInt("status"));
        assertEquals("BLOCK", answer.getString("response.outputFields.hs_execution_state"));
        assertThat(
                awaitEventTypes(contact, e -> e.contains("VOICE_DELIVERED")),
                contains("VOICE_SENT", "VOICE_DELIVERED"));

        List<Map<String, Object>> calls = Sandbox.nrsVoiceRequestsMentioning(marker);
        assertThat(calls, hasSize(1));
        JsonNode body = json.readTree((String) calls.get(0).get("body"));
        assertEquals("34612000701", body.path("to").get(0).asText(), "international form without +");
        assertEquals("Hola Marta, " + marker, body.path("message").asText());
        assertEquals("es_ES", body.path("language").asText());
        assertEquals("M", body.path("gender").asText());
        assertEquals("34911234567", body.path("from").asText());
        assertEquals("Citas voz", body.path("campaignName").asText());
        assertFalse(body.has("audioUrl"));
        assertThat(body.path("notificationUrl").asText(), containsString("/callbacks/360nrs/voice?ref="));
        assertTrue(Sandbox.nrsSmsRequestsMentioning(marker).isEmpty(), "no SMS");

        Map<String, String> tokens = tokens(contact, 1);
        assertEquals("34911234567", tokens.get("sender"));
        assertEquals("Citas voz", tokens.get("campaignName"));
        assertEquals("VOICE", tokens.get("channel"));
        assertThat(tokens.get("messageId"), not(equalTo("")));

        Map<String, String> outputs = awaitCompletion(answer.getString("callbackId"));
        assertEquals("SUCCESS", outputs.get("hs_execution_state"));
        assertEquals("DELIVERED", outputs.get("deliveryStatus"));
        assertEquals(tokens.get("messageId"), outputs.get("messageId"));
    }

    @Test
    void audioCallToANotDeliveredNumberFromTheDefaultCallerEndsNotDelivered() throws Exception {
        String contact = Sandbox.createContact(Map.of("phone", "600 000 002"));
        String marker = Sandbox.marker();
        String audio = "https://files.example.com/hubfs/" + marker + ".mp3";
        JsonPath answer = Sandbox.enrollVoice(
                contact, Map.of("phoneProperty", "phone", "country", "ES", "locutionType", "AUDIO", "audioUrl", audio));

        assertThat(
                awaitEventTypes(contact, e -> e.contains("VOICE_NOT_DELIVERED")),
                contains("VOICE_SENT", "VOICE_NOT_DELIVERED"));
        JsonNode body = json.readTree(
                (String) Sandbox.nrsVoiceRequestsMentioning(marker).get(0).get("body"));
        assertEquals("34600000002", body.path("to").get(0).asText());
        assertEquals(audio, body.path("audioUrl").asText());
        assertFalse(body.has("message"), "an audio call has no text");
        assertFalse(body.has("from"), "the default caller sends no caller id");
        assertFalse(body.has("language"));

        Map<String, String> tokens = tokens(contact, 0);
        assertEquals("Default Caller", tokens.get("sender"));
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        assertThat(tokens.get("campaignName"), containsString("HUBSPOT_VOICE_" + month.getYear() + "_"));

        Map<String, String> outputs = awaitCompletion(answer.getString("callbackId"));
        assertEquals("FAIL_CONTINUE", outputs.get("hs_execution_state"));
        assertEquals("NOT_DELIVERED", outputs.get("deliveryStatus"));
    }

    @Test
    void aRefusedNumberIsVoiceNotSentWithTheProvidersReason() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 600 000 003"));
        Sandbox.enrollVoice(contact, Map.of("locutionType", "TTS", "language", "es_ES", "text", "Hola"));
        assertThat(awaitEventTypes(contact, e -> !e.isEmpty()), contains("VOICE_NOT_SENT"));
        assertThat(tokens(contact, 0).get("details"), containsString("No valid recipients"));
    }

    @Test
    void aContactWithoutTheChosenPropertyIsVoiceNotSentSayingWhy() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 702"));
        Sandbox.enrollVoice(
                contact, Map.of("phoneProperty", "phone", "locutionType", "TTS", "language", "es_ES", "text", "Hola"));
        assertThat(awaitEventTypes(contact, e -> !e.isEmpty()), contains("VOICE_NOT_SENT"));
        assertThat(tokens(contact, 0).get("details"), containsString("no phone number (checked phone)"));
    }

    @Test
    void repeatedCallbackIdCallsOnceAndAnswersAsTheFirstTime() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 703"));
        String marker = Sandbox.marker();
        String callbackId = "voice-retry-" + UUID.randomUUID();
        Map<String, String> inputs = Map.of("locutionType", "TTS", "language", "es_ES", "text", "Una vez " + marker);
        JsonPath first = Sandbox.enroll("SEND_VOICE", contact, inputs, callbackId);
        JsonPath second = Sandbox.enroll("SEND_VOICE", contact, inputs, callbackId);
        awaitEventTypes(contact, e -> e.contains("VOICE_DELIVERED"));
        assertEquals(first.getInt("status"), second.getInt("status"));
        assertEquals(first.getString("response"), second.getString("response"));
        assertThat(Sandbox.nrsVoiceRequestsMentioning(marker), hasSize(1));
        assertEquals(
                1,
                db.queryOne("SELECT COUNT(*) FROM message WHERE callback_id = ?", r -> r.getInt(1), callbackId)
                        .orElse(0));
    }

    @Test
    void aVoiceOptOutStopsLaterCallsButNotSms() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 704"));
        Sandbox.enrollVoice(contact, Map.of("locutionType", "TTS", "language", "es_ES", "text", "Primera"));
        awaitEventTypes(contact, e -> e.contains("VOICE_DELIVERED"));
        long messageId = db.queryOne(
                        "SELECT id FROM message WHERE contact_id = ? AND channel = 'VOICE'", r -> r.getLong(1), contact)
                .orElseThrow();
        optOuts.record(62515, Channel.VOICE, "34612000704", contact, messageId);

        String marker = Sandbox.marker();
        Sandbox.enrollVoice(contact, Map.of("locutionType", "TTS", "language", "es_ES", "text", "Segunda " + marker));
        assertThat(
                awaitEventTypes(contact, e -> e.contains("VOICE_NOT_SENT")),
                contains("VOICE_SENT", "VOICE_DELIVERED", "VOICE_NOT_SENT"));
        assertThat(tokens(contact, 2).get("details"), containsString("unsubscribed"));
        assertTrue(Sandbox.nrsVoiceRequestsMentioning(marker).isEmpty(), "nothing went to 360nrs");

        // SMS opt-outs and voice opt-outs are separate: an SMS still goes.
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "SMS " + marker));
        assertThat(
                awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                contains("VOICE_SENT", "VOICE_DELIVERED", "VOICE_NOT_SENT", "SMS_SENT", "SMS_DELIVERED"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "non-https audio URL|{\"locutionType\":\"AUDIO\",\"audioUrl\":\"http://files.example.com/a.mp3\"}|inputFields.audioUrl",
                "audio URL that is no URL|{\"locutionType\":\"AUDIO\",\"audioUrl\":\"https://\"}|inputFields.audioUrl",
                "audio without URL|{\"locutionType\":\"AUDIO\"}|inputFields.audioUrl",
                "unknown language|{\"locutionType\":\"TTS\",\"language\":\"xx_XX\",\"text\":\"Hola\"}|inputFields.language",
                "no language|{\"locutionType\":\"TTS\",\"text\":\"Hola\"}|inputFields.language",
                "voice not offered|{\"locutionType\":\"TTS\",\"language\":\"ca_ES\",\"voice\":\"M\",\"text\":\"Hola\"}|inputFields.voice",
                "no text|{\"locutionType\":\"TTS\",\"language\":\"es_ES\",\"text\":\" \"}|inputFields.text",
                "malformed token|{\"locutionType\":\"TTS\",\"language\":\"es_ES\",\"text\":\"Hola {{ firstname }}\"}|inputFields.text",
                "no locution type|{\"language\":\"es_ES\",\"text\":\"Hola\"}|inputFields.locutionType",
                "unknown locution type|{\"locutionType\":\"VIDEO\",\"text\":\"Hola\"}|inputFields.locutionType",
                "caller with letters|{\"caller\":\"ACME\",\"locutionType\":\"TTS\",\"language\":\"es_ES\",\"text\":\"Hola\"}|inputFields.caller",
                "unknown country|{\"country\":\"XX\",\"locutionType\":\"TTS\",\"language\":\"es_ES\",\"text\":\"Hola\"}|inputFields.country",
                "phone property that is no name|{\"phoneProperty\":\"mobile phone\",\"locutionType\":\"TTS\",\"language\":\"es_ES\",\"text\":\"Hola\"}|inputFields.phoneProperty",
                "control character in caller|{\"caller\":\"3491\\u0007\",\"locutionType\":\"TTS\",\"language\":\"es_ES\",\"text\":\"Hola\"}|inputFields.caller",
            })
    void badFieldsAre400NamingTheFieldAndStoreNothing(String what, String inputs, String field) {
        String callbackId = "voice-bad-" + UUID.randomUUID();
        post(payload(callbackId, "CONTACT", inputs))
                .statusCode(400)
                .body("field", equalTo(field))
                .body("status", equalTo("error"));
        assertEquals(0, stored(callbackId), what);
    }

    @Test
    void dealBasedWorkflowsAreRefused() {
        String callbackId = "voice-deal-" + UUID.randomUUID();
        post(payload(callbackId, "DEAL", "{\"locutionType\":\"TTS\",\"language\":\"es_ES\",\"text\":\"Hola\"}"))
                .statusCode(400)
                .body("field", equalTo("object.objectType"))
                .body("message", containsString("contact-based"));
        assertEquals(0, stored(callbackId));
    }

    @Test
    void aDuplicateCallbackIdStoresOnceAndAnswersTheSame() {
        String callbackId = "voice-dup-" + UUID.randomUUID();
        String body =
                payload(callbackId, "CONTACT", "{\"locutionType\":\"TTS\",\"language\":\"es_ES\",\"text\":\"Hola\"}");
        String first = post(body).statusCode(200).extract().asString();
        String second = post(body).statusCode(200).extract().asString();
        assertEquals(first, second);
        assertEquals(2, stored(callbackId), "one execution and its one message");
    }

    private static String payload(String callbackId, String objectType, String inputs) {
        return "{\"callbackId\":\"" + callbackId + "\",\"origin\":{\"portalId\":62515,\"actionDefinitionId\":2},"
                + "\"context\":{\"source\":\"WORKFLOWS\",\"workflowId\":7},"
                + "\"object\":{\"objectId\":1001,\"objectType\":\"" + objectType
                + "\",\"properties\":{\"mobilephone\":\"+34612345678\"}},"
                + "\"inputFields\":" + inputs + "}";
    }

    private static io.restassured.response.ValidatableResponse post(String body) {
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

    /** Rows stored for the execution: its action_request and its messages. */
    private int stored(String callbackId) {
        return db.queryOne("SELECT COUNT(*) FROM action_request WHERE callback_id = ?", r -> r.getInt(1), callbackId)
                        .orElse(0)
                + db.queryOne("SELECT COUNT(*) FROM message WHERE callback_id = ?", r -> r.getInt(1), callbackId)
                        .orElse(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> tokens(String contact, int index) {
        return new HashMap<>(
                (Map<String, String>) Sandbox.timeline(contact).get(index).get("tokens"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> awaitCompletion(String callbackId) {
        Map<String, Object> completion = await().atMost(Sandbox.WAIT)
                .until(
                        () -> Sandbox.completions().stream()
                                .filter(c -> callbackId.equals(c.get("callbackId")))
                                .findFirst()
                                .orElse(null),
                        c -> c != null);
        return (Map<String, String>) completion.get("outputFields");
    }
}
