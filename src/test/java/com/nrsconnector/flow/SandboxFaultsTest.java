package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Outages on demand in the stand-ins: set, seen, played against a send, and cleared. */
@QuarkusTest
class SandboxFaultsTest {

    @Test
    void an360nrsOutageHoldsTheSendBackUntilItIsClearedThenItIsSentOnce() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 701"));
        String marker = Sandbox.marker();
        given().contentType(ContentType.JSON)
                .body("{\"status\": 503}")
                .post("/sandbox/360nrs/faults")
                .then()
                .statusCode(200)
                .body("active", equalTo(true))
                .body("status", equalTo(503));
        try {
            Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Caida " + marker));
            // 503 proves nothing was accepted: the send is retried, and nothing reaches the timeline meanwhile.
            await().atMost(Sandbox.WAIT)
                    .until(() -> Sandbox.nrsSmsRequestsMentioning(marker).size() >= 2);
            assertThat(Sandbox.eventTypes(contact), hasSize(0));
        } finally {
            given().delete("/sandbox/360nrs/faults").then().statusCode(200).body("active", equalTo(false));
        }
        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                contains("SMS_SENT", "SMS_DELIVERED"));
        List<Map<String, Object>> accepted = given().get("/sandbox/360nrs/messages")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertEquals(
                1,
                accepted.stream()
                        .filter(m -> String.valueOf(m.get("message")).contains(marker))
                        .count());
    }

    @Test
    void aHubSpotFaultAnswersEveryApiCallWithItsStatusUntilCleared() {
        given().contentType(ContentType.JSON)
                .body("{\"status\": 429}")
                .post("/sandbox/hubspot/faults")
                .then()
                .statusCode(200)
                .body("status", equalTo(429));
        try {
            given().get("/sandbox/hubspot/crm/v3/objects/contacts/1001")
                    .then()
                    .statusCode(429)
                    .header("Retry-After", "1");
            given().get("/sandbox/hubspot/faults").then().statusCode(200).body("active", equalTo(true));
        } finally {
            given().delete("/sandbox/hubspot/faults").then().statusCode(200);
        }
        // Back to normal: without a token the stand-in answers as HubSpot does.
        given().get("/sandbox/hubspot/crm/v3/objects/contacts/1001").then().statusCode(401);
    }

    @Test
    void aFaultThatMakesNoSenseIsRefusedNamingTheField() {
        given().contentType(ContentType.JSON)
                .body("{\"status\": 200}")
                .post("/sandbox/360nrs/faults")
                .then()
                .statusCode(400)
                .body("field", equalTo("status"));
        given().contentType(ContentType.JSON)
                .body("{\"hang\": true, \"hangFor\": \"forever\"}")
                .post("/sandbox/hubspot/faults")
                .then()
                .statusCode(400)
                .body("field", equalTo("hangFor"));
        given().get("/sandbox/360nrs/faults").then().statusCode(200).body("active", equalTo(false));
    }
}
