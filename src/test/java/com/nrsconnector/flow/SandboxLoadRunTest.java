package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.sandbox.NrsSandbox;
import com.nrsconnector.support.SignedWorkflowCall;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * What the benchmark (bench/) relies on in the stand-ins: the 360nrs stand-in answering sends after its configured
 * latency (set here), and the HubSpot stand-in's load-run controls: many contacts at once, executions started by a
 * caller that signs its own workflow calls, and when each contact's timeline received its events.
 */
@QuarkusTest
@TestProfile(SandboxLoadRunTest.SlowNrs.class)
class SandboxLoadRunTest {

    static final Duration LATENCY = Duration.ofMillis(400);

    public static class SlowNrs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "connector.sandbox.nrs-latency",
                    LATENCY.toString(),
                    "connector.sandbox.hubspot-request-validation",
                    "false");
        }
    }

    @Inject
    ConnectorConfig config;

    /** As a load run sets it: the HubSpot stand-in answers without checking the request against HubSpot's specs. */
    @Test
    void withoutRequestValidationTheHubSpotStandInTakesWhatTheSpecWouldRefuse() {
        String token = given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "refresh_token")
                .formParam("client_id", "sandbox-client-id")
                .formParam("client_secret", "sandbox-client-secret")
                .formParam("refresh_token", "sandbox-refresh-token")
                .post("/sandbox/hubspot/oauth/v3/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        // No eventTemplateId: SandboxConformanceTest shows the same request refused 400 when requests are checked.
        int status = given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("{\"inputs\":[{\"id\":\"x\",\"objectId\":\"1001\",\"tokens\":{}}]}")
                .post("/sandbox/hubspot/integrators/timeline/v3/events/batch/create")
                .then()
                .extract()
                .statusCode();
        assertEquals(201, status, "created, not refused");
        assertEquals(false, config.sandbox().hubspotRequestValidation());
    }

    @Test
    void theLatencyIsConfigured() {
        assertEquals(LATENCY, config.sandbox().nrsLatency());
    }

    @Test
    void aSmsSendIsAnsweredAfterTheLatencyAsWithoutIt() {
        String number = "3467" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_000_000));
        long started = System.nanoTime();
        JsonPath answer = given().header("Authorization", nrsAuth())
                .contentType("application/json")
                .body(Map.of("to", List.of(number, NrsSandbox.INVALID), "from", "ACME", "message", "hola"))
                .post("/sandbox/360nrs/api/rest/sms")
                .then()
                .statusCode(207)
                .body("result[0].accepted", equalTo(true))
                .body("result[0].to", equalTo(number))
                .body("result[0].id", notNullValue())
                .body("result[1].accepted", equalTo(false))
                .body("result[1].error.code", equalTo(102))
                .extract()
                .jsonPath();
        assertTrue(System.nanoTime() - started >= LATENCY.toNanos(), "answered before the latency");
        List<Map<String, Object>> accepted = given().get("/sandbox/360nrs/messages")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.to == '" + number + "' }");
        assertEquals(1, accepted.size(), "accepted once");
        assertEquals(answer.getString("result[0].id"), accepted.get(0).get("id"));
    }

    @Test
    void voiceSendsAndRefusalsAreAnsweredAfterTheLatencyToo() {
        long started = System.nanoTime();
        given().header("Authorization", nrsAuth())
                .contentType("application/json")
                .body(Map.of("to", List.of(NrsSandbox.DELIVERED), "message", "Hola, su cita es mañana."))
                .post("/sandbox/360nrs/api/rest/voice")
                .then()
                .statusCode(202)
                .body("result[0].accepted", equalTo(true));
        given().header("Authorization", "Basic " + Base64.getEncoder().encodeToString("sandbox:wrong".getBytes()))
                .contentType("application/json")
                .body(Map.of("to", List.of(NrsSandbox.DELIVERED), "from", "ACME", "message", "hola"))
                .post("/sandbox/360nrs/api/rest/sms")
                .then()
                .statusCode(401)
                .body("error.code", equalTo(103));
        assertTrue(System.nanoTime() - started >= 2 * LATENCY.toNanos(), "answered before the latency");
    }

    @Test
    void directlySignedCallsOfPreparedContactsEndDeliveredWithTheirReceiptTimesAndCompletions() throws Exception {
        long first = 8_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
        List<Long> ids = List.of(first, first + 1);
        String run = Long.toString(first);
        given().contentType("application/json")
                .body(Map.of(
                        "inputs",
                        List.of(
                                Map.of(
                                        "id",
                                        Long.toString(ids.get(0)),
                                        "properties",
                                        Map.of("firstname", "Ana", "mobilephone", "+34671000001")),
                                Map.of(
                                        "id",
                                        Long.toString(ids.get(1)),
                                        "properties",
                                        Map.of("firstname", "Ana", "mobilephone", "+34671000002")))))
                .post("/sandbox/hubspot/contacts/batch")
                .then()
                .statusCode(200)
                .body("count", equalTo(2));
        given().get("/sandbox/hubspot/contacts/" + ids.get(1))
                .then()
                .statusCode(200)
                .body("properties.mobilephone", equalTo("+34671000002"));
        given().contentType("application/json")
                .body(Map.of("callbackIds", List.of("load-" + run + "-0", "load-" + run + "-1")))
                .post("/sandbox/hubspot/workflows/executions")
                .then()
                .statusCode(200)
                .body("count", equalTo(2));
        JsonPath before = given().get("/sandbox/hubspot/summary")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long sentAt = System.currentTimeMillis();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> ack = http.send(
                    SignedWorkflowCall.sendSms(
                            config.publicBaseUrl(),
                            SignedWorkflowCall.DEMO_PORTAL,
                            "load-" + run + "-" + i,
                            ids.get(i),
                            "+3467100000" + (i + 1),
                            "ACME",
                            "Hola {{contact.firstname}}"),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ack.statusCode(), ack.body());
        }

        JsonPath after = Awaitility.await()
                .atMost(Sandbox.WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> given().get("/sandbox/hubspot/summary")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        now -> count(now, "timeline.SMS_DELIVERED") == count(before, "timeline.SMS_DELIVERED") + 2
                                && now.getInt("completions") == before.getInt("completions") + 2);
        assertEquals(count(before, "timeline.SMS_SENT") + 2, after.getInt("timeline.SMS_SENT"));
        assertEquals(before.getInt("refusedCompletions"), after.getInt("refusedCompletions"), "completions refused");
        Map<String, Object> delivered = given().get("/sandbox/hubspot/timeline/received/SMS_DELIVERED")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$");
        Map<String, Object> sent = given().get("/sandbox/hubspot/timeline/received/SMS_SENT")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$");
        for (Long id : ids) {
            Number deliveredAt = (Number) delivered.get(Long.toString(id));
            Number sentEventAt = (Number) sent.get(Long.toString(id));
            assertNotNull(deliveredAt, "contact " + id + " delivered");
            assertTrue(sentEventAt.longValue() >= sentAt, "received after the call");
            assertTrue(deliveredAt.longValue() >= sentEventAt.longValue(), "SMS_DELIVERED after SMS_SENT");
        }
        assertEquals(
                Map.of(),
                given().get("/sandbox/hubspot/timeline/received/NO_SUCH_EVENT")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getMap("$"));
    }

    @Test
    void loadRunControlsRefuseMalformedBodies() {
        given().contentType("application/json")
                .body(Map.of("inputs", List.of(Map.of("properties", Map.of()))))
                .post("/sandbox/hubspot/contacts/batch")
                .then()
                .statusCode(400);
        given().contentType("application/json")
                .body(Map.of("contacts", List.of()))
                .post("/sandbox/hubspot/contacts/batch")
                .then()
                .statusCode(400);
        given().contentType("application/json")
                .body(Map.of("callbackIds", "one"))
                .post("/sandbox/hubspot/workflows/executions")
                .then()
                .statusCode(400);
    }

    private static int count(JsonPath summary, String path) {
        Integer value = summary.get(path);
        return value == null ? 0 : value;
    }

    private static String nrsAuth() {
        return "Basic "
                + Base64.getEncoder().encodeToString((NrsSandbox.USERNAME + ":" + NrsSandbox.API_PASSWORD).getBytes());
    }
}
