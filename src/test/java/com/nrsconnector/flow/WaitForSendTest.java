package com.nrsconnector.flow;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The action's waitFor input: SEND completes the workflow as soon as the message is sent (or not sent), DELIVERY
 * (the default) at its final status; the outputs carry the parts sent.
 */
@QuarkusTest
class WaitForSendTest {

    @Inject
    Db db;

    @SuppressWarnings("unchecked")
    static Map<String, String> awaitCompletion(String callbackId) {
        Map<String, Object> completion = await().atMost(Sandbox.WAIT)
                .until(
                        () -> Sandbox.completions().stream()
                                .filter(c -> callbackId.equals(c.get("callbackId")))
                                .findFirst()
                                .orElse(null),
                        c -> c != null);
        return (Map<String, String>) completion.get("outputFields");
    }

    static long completionsOf(String callbackId) {
        return Sandbox.completions().stream()
                .filter(c -> callbackId.equals(c.get("callbackId")))
                .count();
    }

    @Test
    void waitForSendCompletesAtSentEvenWhenNoReportEverComes() {
        // 34600000007: the 360nrs stand-in accepts it and never reports on it.
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 600 000 007"));
        JsonPath answer = Sandbox.enroll(
                contact,
                Map.of(
                        "sender",
                        "ACME",
                        "message",
                        "Enviado " + Sandbox.marker(),
                        "waitFor",
                        "SEND",
                        "campaignName",
                        "Avisos"));
        assertEquals("BLOCK", answer.getString("response.outputFields.hs_execution_state"));

        Map<String, String> outputs = awaitCompletion(answer.getString("callbackId"));
        assertEquals("SENT", outputs.get("deliveryStatus"));
        assertEquals("SUCCESS", outputs.get("hs_execution_state"));
        assertEquals("1", outputs.get("segments"));
        assertEquals("Avisos", outputs.get("campaignName"));
        assertEquals("", outputs.get("failureReason"));
        assertEquals(List.of("SMS_SENT"), Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_SENT")));
    }

    @Test
    void waitForSendOfAMessageNotSentCompletesNotSent() {
        String contact = Sandbox.createContact(Map.of("firstname", "Sin"));
        JsonPath answer = Sandbox.enroll(
                contact, Map.of("sender", "ACME", "message", "Nada " + Sandbox.marker(), "waitFor", "send"));
        Map<String, String> outputs = awaitCompletion(answer.getString("callbackId"));
        assertEquals("NOT_SENT", outputs.get("deliveryStatus"));
        assertEquals("0", outputs.get("segments"));
        assertEquals("FAIL_CONTINUE", outputs.get("hs_execution_state"));
    }

    @Test
    void waitForDeliveryIsTheDefaultAndCountsTheParts() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 931"));
        String longText = "Parte " + Sandbox.marker() + " " + "x".repeat(200);
        JsonPath answer = Sandbox.enroll(contact, Map.of("sender", "ACME", "message", longText));
        Map<String, String> outputs = awaitCompletion(answer.getString("callbackId"));
        assertEquals("DELIVERED", outputs.get("deliveryStatus"));
        assertEquals("2", outputs.get("segments"));
        // The timeline and the completion are written by separate writers: either may reach HubSpot first.
        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                contains("SMS_SENT", "SMS_DELIVERED"));
        Outbox.awaitNothingPendingFor(db, answer.getString("callbackId"));
        assertEquals(1, completionsOf(answer.getString("callbackId")));
    }

    @Test
    void anUnknownWaitForIsRefusedNamingTheField() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 932"));
        JsonPath answer = Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Hola", "waitFor", "CLICK"));
        assertEquals(400, answer.getInt("status"));
        assertEquals("inputFields.waitFor", answer.getString("response.field"));
    }
}
