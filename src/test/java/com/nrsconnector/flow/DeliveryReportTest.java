package com.nrsconnector.flow;

import static com.nrsconnector.flow.Sandbox.awaitEventTypes;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import com.nrsconnector.security.CallbackSigner;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;

/** 360nrs delivery reports: authenticated, applied in order (an early one is held), each written once. */
@QuarkusTest
class DeliveryReportTest {

    @Inject
    CamelContext camel;

    @Inject
    CallbackSigner signer;

    @Inject
    Db db;

    private static String report(long messageId, String sig, String status) {
        return given().queryParam("ref", messageId)
                .queryParam("sig", sig)
                .queryParam("status", status)
                .get("/callbacks/360nrs/sms")
                .then()
                .statusCode(200)
                .extract()
                .path("status");
    }

    private long messageIdOf(String callbackId) {
        return db.queryOne("SELECT id FROM message WHERE callback_id = ?", r -> r.getLong(1), callbackId)
                .orElseThrow();
    }

    @Test
    void reportBeforeTheSendIsRecordedIsHeldThenAppliedOnce() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 501"));
        String callbackId = "early-" + Sandbox.marker();
        long messageId;
        camel.getRouteController().stopRoute("send-dispatcher");
        try {
            Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Temprano"), callbackId);
            messageId = messageIdOf(callbackId);
            assertThat(report(messageId, signer.sign("dlr", messageId), "1"), equalTo("held"));
            assertThat(report(messageId, signer.sign("dlr", messageId), "1"), equalTo("duplicate"));
        } finally {
            camel.getRouteController().startRoute("send-dispatcher");
        }
        assertThat(awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")), contains("SMS_SENT", "SMS_DELIVERED"));
        // The stand-in's own report for the same message arrives too, and writes nothing new.
        await().atMost(Sandbox.WAIT)
                .until(() -> db.queryOne(
                                        "SELECT COUNT(*) FROM provider_callback WHERE message_id = ?",
                                        r -> r.getInt(1),
                                        messageId)
                                .orElse(0)
                        == 1);
        Outbox.awaitNothingPendingFor(db, callbackId);
        assertThat(Sandbox.eventTypes(contact), contains("SMS_SENT", "SMS_DELIVERED"));
    }

    @Test
    void forgedOrMissingSignatureIs401AndWritesNothing() {
        given().queryParam("ref", 1)
                .queryParam("sig", "forged")
                .queryParam("status", "1")
                .get("/callbacks/360nrs/sms")
                .then()
                .statusCode(401);
        given().queryParam("ref", 1)
                .queryParam("status", "1")
                .get("/callbacks/360nrs/sms")
                .then()
                .statusCode(401);
        given().queryParam("ref", "x")
                .queryParam("status", "1")
                .get("/callbacks/360nrs/sms")
                .then()
                .statusCode(400)
                .body("field", equalTo("ref"));
    }

    @Test
    void unknownAndIntermediateStatusesAreIgnored() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 502"));
        String callbackId = "inter-" + Sandbox.marker();
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Intermedio"), callbackId);
        awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED"));
        long messageId = messageIdOf(callbackId);
        assertThat(report(messageId, signer.sign("dlr", messageId), "4"), equalTo("ignored: intermediate status"));
        assertThat(report(messageId, signer.sign("dlr", messageId), "77"), equalTo("ignored: unknown status 77"));
        assertThat(report(messageId, signer.sign("dlr", messageId), "2"), equalTo("not_applicable"));
        assertThat(Sandbox.eventTypes(contact), contains("SMS_SENT", "SMS_DELIVERED"));
    }
}
