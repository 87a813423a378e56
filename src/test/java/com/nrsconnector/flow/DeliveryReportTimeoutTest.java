package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.nrsconnector.messaging.ProviderEventInbox;
import com.nrsconnector.security.CallbackSigner;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A message whose delivery report never comes completes its workflow as NOT_DELIVERED ("no delivery report") after
 * connector.nrs.delivery-report-timeout, through the status machine; a report arriving later is kept but changes
 * neither the timeline nor the workflow. The timeout is not waited out: the timeout route's work is run here with a
 * cut-off after the send, as if the timeout had passed.
 */
@QuarkusTest
@TestProfile(DeliveryReportTimeoutTest.OwnApplication.class)
class DeliveryReportTimeoutTest {

    /**
     * An application of its own, so that settling every message sent before now touches only this class's messages; its
     * timeout is one the timer route never reaches while the tests run.
     */
    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("connector.nrs.delivery-report-timeout", "1h");
        }
    }

    @Inject
    CallbackSigner signer;

    @Inject
    Db db;

    @Inject
    ProviderEventInbox inbox;

    @Test
    void aNumberThatNeverReportsCompletesNotDeliveredOnceAfterTheTimeout() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 600 000 007"));
        JsonPath answer = Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Sin acuse " + Sandbox.marker()));
        String callbackId = answer.getString("callbackId");
        await().atMost(Sandbox.WAIT).until(() -> "SENT".equals(QueuedSends.status(db, callbackId)));
        long messageId = db.queryOne("SELECT id FROM message WHERE callback_id = ?", r -> r.getLong(1), callbackId)
                .orElseThrow();

        assertEquals(1, inbox.settleSentBefore(Instant.now()), "the message waiting for its report is settled");
        Map<String, String> outputs = WaitForSendTest.awaitCompletion(callbackId);
        assertEquals("NOT_DELIVERED", outputs.get("deliveryStatus"));
        assertEquals("no delivery report", outputs.get("failureReason"));
        assertEquals("FAIL_CONTINUE", outputs.get("hs_execution_state"));
        assertEquals("1", outputs.get("segments"));
        assertThat(Sandbox.awaitEventTypes(contact, e -> e.size() >= 2), contains("SMS_SENT", "SMS_NOT_DELIVERED"));

        // 360nrs reports after all: recorded, but the message is final already.
        String late = given().queryParam("ref", messageId)
                .queryParam("sig", signer.sign("dlr", messageId))
                .queryParam("status", "1")
                .get("/callbacks/360nrs/sms")
                .then()
                .statusCode(200)
                .extract()
                .path("status");
        assertEquals("not_applicable", late);
        assertEquals(
                1,
                db.queryOne(
                                "SELECT COUNT(*) FROM provider_callback WHERE message_id = ? AND status = 'DELIVERED'",
                                r -> r.getInt(1),
                                messageId)
                        .orElse(0));
        // The timeout route finds nothing more to settle, and nothing is left to write to HubSpot.
        assertEquals(0, inbox.settleSentBefore(Instant.now()));
        Outbox.awaitNothingPendingFor(db, callbackId);
        assertEquals(1, WaitForSendTest.completionsOf(callbackId));
        assertThat(Sandbox.eventTypes(contact), contains("SMS_SENT", "SMS_NOT_DELIVERED"));
        assertEquals(
                "NOT_DELIVERED",
                db.queryOne("SELECT status FROM message WHERE id = ?", r -> r.getString(1), messageId)
                        .orElseThrow());
    }

    @Test
    void aReportThatComesInTimeIsNotOverruled() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 941"));
        JsonPath answer = Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "A tiempo " + Sandbox.marker()));
        String callbackId = answer.getString("callbackId");
        assertEquals("DELIVERED", WaitForSendTest.awaitCompletion(callbackId).get("deliveryStatus"));
        // The timeout passes (the route's work, with every send before now overdue): a delivered message stays so.
        assertEquals(0, inbox.settleSentBefore(Instant.now()));
        Outbox.awaitNothingPendingFor(db, callbackId);
        assertEquals(1, WaitForSendTest.completionsOf(callbackId));
        assertThat(Sandbox.eventTypes(contact), contains("SMS_SENT", "SMS_DELIVERED"));
    }
}
