package com.nrsconnector.flow;

import static com.nrsconnector.flow.Sandbox.awaitEventTypes;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.sandbox.NrsSandbox;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** A workflow SMS from the HubSpot stand-in to the 360nrs stand-in and back onto the timeline, over real HTTP. */
@QuarkusTest
class WorkflowSmsFlowTest {

    @Inject
    Db db;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void deliveredSmsShowsSentThenDeliveredAndCompletesTheWorkflow() throws Exception {
        String contact = Sandbox.createContact(Map.of("firstname", "Marta", "mobilephone", "+34 612 000 101"));
        String marker = Sandbox.marker();
        JsonPath answer = Sandbox.enroll(
                contact,
                Map.of(
                        "sender",
                        "ACME",
                        "message",
                        "Hola {{contact.firstname}}, " + marker,
                        "campaignName",
                        "Citas noviembre"));

        assertEquals(200, answer.getInt("status"));
        assertEquals("BLOCK", answer.getString("response.outputFields.hs_execution_state"));
        List<String> events = awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED"));
        assertThat(events, contains("SMS_SENT", "SMS_DELIVERED"));

        List<Map<String, Object>> sends = Sandbox.nrsSmsRequestsMentioning(marker);
        assertThat(sends, hasSize(1));
        JsonNode body = json.readTree((String) sends.get(0).get("body"));
        assertEquals("34612000101", body.path("to").get(0).asText(), "international form without +");
        assertEquals("ACME", body.path("from").asText());
        assertEquals("Hola Marta, " + marker, body.path("message").asText());
        assertEquals("gsm", body.path("encoding").asText());
        assertEquals("Citas noviembre", body.path("campaignName").asText());
        assertThat(body.path("notificationUrl").asText(), containsString("/callbacks/360nrs/sms?ref="));

        Map<String, Object> delivered = Sandbox.timeline(contact).get(1);
        @SuppressWarnings("unchecked")
        Map<String, String> tokens = (Map<String, String>) delivered.get("tokens");
        assertEquals("ACME", tokens.get("sender"));
        assertEquals("Citas noviembre", tokens.get("campaignName"));
        assertThat(tokens.get("messageId"), not(equalTo("")));

        Map<String, String> outputs = awaitCompletion(answer.getString("callbackId"));
        assertEquals("SUCCESS", outputs.get("hs_execution_state"));
        assertEquals("DELIVERED", outputs.get("deliveryStatus"));
        assertEquals(tokens.get("messageId"), outputs.get("messageId"));
    }

    @Test
    void notDeliveredNumberEndsNotDeliveredAndFailsTheActionButContinues() {
        String contact = Sandbox.createContact(Map.of("phone", "600 000 002"));
        JsonPath answer = Sandbox.enroll(
                contact, Map.of("sender", "ACME", "message", "Recordatorio " + Sandbox.marker(), "country", "ES"));
        assertThat(
                awaitEventTypes(contact, e -> e.contains("SMS_NOT_DELIVERED")),
                contains("SMS_SENT", "SMS_NOT_DELIVERED"));
        Map<String, String> outputs = awaitCompletion(answer.getString("callbackId"));
        assertEquals("FAIL_CONTINUE", outputs.get("hs_execution_state"));
        assertEquals("NOT_DELIVERED", outputs.get("deliveryStatus"));
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

    @Test
    void repeatedCallbackIdSendsOnceAndAnswersAsTheFirstTime() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 102"));
        String marker = Sandbox.marker();
        String callbackId = "retry-" + UUID.randomUUID();
        Map<String, String> inputs = Map.of("sender", "ACME", "message", "Una vez " + marker);

        JsonPath first = Sandbox.enroll(contact, inputs, callbackId);
        JsonPath second = Sandbox.enroll(contact, inputs, callbackId);
        awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED"));
        JsonPath third = Sandbox.enroll(contact, inputs, callbackId);

        assertEquals(first.getInt("status"), second.getInt("status"));
        assertEquals(first.getMap("response"), second.getMap("response"));
        assertEquals(first.getMap("response"), third.getMap("response"));
        // Settled, with nothing left queued that could send again: then count.
        Outbox.awaitNothingPendingFor(db, callbackId);
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
        assertThat(Sandbox.eventTypes(contact), contains("SMS_SENT", "SMS_DELIVERED"));
    }

    @Test
    void contactWithoutNumberGetsNotSentWithTheReason() {
        String contact = Sandbox.createContact(Map.of("firstname", "Sin número"));
        String marker = Sandbox.marker();
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Hola " + marker));

        assertThat(Sandbox.awaitNotSentReason(contact), containsString("no phone number"));
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(0));
    }

    /** Permanent failures: NOT_SENT with the reason, and no retry (the provider is asked at most once). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "invalid number, 12345, ES, invalid phone number, 0",
        "refused by 360nrs as invalid, +" + NrsSandbox.INVALID + ", , 102, 1",
        "no credit, +" + NrsSandbox.NO_CREDIT + ", , 111, 1"
    })
    void permanentFailureIsNotSentWithTheReason(
            String scenario, String number, String country, String reason, int providerRequests) {
        String contact = Sandbox.createContact(Map.of("mobilephone", number));
        String marker = Sandbox.marker();
        Map<String, String> inputs = new HashMap<>(Map.of("sender", "ACME", "message", "Hola " + marker));
        if (country != null) {
            inputs.put("country", country);
        }
        Sandbox.enroll(contact, inputs);
        assertThat(Sandbox.awaitNotSentReason(contact), containsString(reason));
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(providerRequests));
    }

    @Test
    void numberAnswering500IsRetriedThenSentOnce() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+" + NrsSandbox.FAILS_FIRST));
        String marker = Sandbox.marker();
        String callbackId = Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Reintento " + marker))
                .getString("callbackId");

        assertThat(awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")), contains("SMS_SENT", "SMS_DELIVERED"));
        // Two 500 answers, then the one request that was accepted; nothing after it.
        Outbox.awaitNothingPendingFor(db, callbackId);
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(3));
    }

    @Test
    void providerThatNeverAnswersIsAskedOnceAndEndsNotSentAsUnknown() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+" + NrsSandbox.TIMES_OUT));
        String marker = Sandbox.marker();
        String callbackId = Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Timeout " + marker))
                .getString("callbackId");

        // 360nrs may have taken a request it did not answer: asking again could deliver it twice.
        assertThat(Sandbox.awaitNotSentReason(contact), containsString("outcome is unknown"));
        Outbox.awaitNothingPendingFor(db, callbackId);
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
    }
}
