package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.nrsconnector.security.CallbackSigner;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * A message whose delivery report never comes completes its workflow as NOT_DELIVERED ("no delivery report") after
 * connector.nrs.delivery-report-timeout (short here), through the status machine; a report arriving later is kept
 * but changes neither the timeline nor the workflow.
 */
@QuarkusTest
@TestProfile(DeliveryReportTimeoutTest.ShortTimeout.class)
class DeliveryReportTimeoutTest {

    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("connector.nrs.delivery-report-timeout", "2s");
        }
    }

    @Inject
    CallbackSigner signer;

    @Inject
    Db db;

    @Test
    void aNumberThatNeverReportsCompletesNotDeliveredOnceAfterTheTimeout() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 600 000 007"));
        JsonPath answer = Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Sin acuse " + Sandbox.marker()));
        String callbackId = answer.getString("callbackId");

        Map<String, String> outputs = WaitForSendTest.awaitCompletion(callbackId);
        assertEquals("NOT_DELIVERED", outputs.get("deliveryStatus"));
        assertEquals("no delivery report", outputs.get("failureReason"));
        assertEquals("FAIL_CONTINUE", outputs.get("hs_execution_state"));
        assertEquals("1", outputs.get("segments"));
        assertThat(Sandbox.awaitEventTypes(contact, e -> e.size() >= 2), contains("SMS_SENT", "SMS_NOT_DELIVERED"));

        // 360nrs reports after all: recorded, but the message is final already.
        long messageId = db.queryOne("SELECT id FROM message WHERE callback_id = ?", r -> r.getLong(1), callbackId)
                .orElseThrow();
        String late = given().queryParam("ref", messageId).queryParam("sig", signer.sign("dlr", messageId))
                .queryParam("status", "1").get("/callbacks/360nrs/sms").then().statusCode(200).extract().path("status");
        assertEquals("not_applicable", late);
        assertEquals(1, db.queryOne("SELECT COUNT(*) FROM provider_callback WHERE message_id = ? AND status = 'DELIVERED'",
                r -> r.getInt(1), messageId).orElse(0));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .until(() -> WaitForSendTest.completionsOf(callbackId) == 1 && Sandbox.eventTypes(contact).size() == 2);
        assertThat(Sandbox.eventTypes(contact), contains("SMS_SENT", "SMS_NOT_DELIVERED"));
        assertEquals("NOT_DELIVERED", db.queryOne("SELECT status FROM message WHERE id = ?", r -> r.getString(1),
                messageId).orElseThrow());
    }

    @Test
    void aReportThatComesInTimeIsNotOverruled() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 941"));
        JsonPath answer = Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "A tiempo " + Sandbox.marker()));
        assertEquals("DELIVERED", WaitForSendTest.awaitCompletion(answer.getString("callbackId")).get("deliveryStatus"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> Sandbox.eventTypes(contact).size() == 2);
        assertThat(Sandbox.eventTypes(contact), contains("SMS_SENT", "SMS_DELIVERED"));
    }
}
