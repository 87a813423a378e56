package com.nrsconnector.flow;

import static com.nrsconnector.support.SignedWorkflowCall.callBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.hubspot.HubSpotSignatureVerifier;
import com.nrsconnector.store.Db;
import com.nrsconnector.support.SignedWorkflowCall;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Many workflow calls at once, as HubSpot sends them when a large list enrolls: the calls that arrive together are
 * stored together (one transaction), yet each is answered for itself. Valid calls, HubSpot's retries of some of them
 * (same callbackId, at the same time as the first), calls refused before anything is stored (bad signature, a missing
 * field, an unknown portal) and calls the database refuses to store (a test trigger) are sent in a shuffled order from
 * 32 threads: every valid call is answered 200 once stored with exactly one message and one queued send, every retry
 * gets the same answer and stores nothing more, and every refused call gets its own error and leaves nothing behind.
 */
@QuarkusTest
class ConcurrentIntakeTest {

    private static final String PATH = "/hubspot/actions/send-sms";
    private static final String SECRET = SignedWorkflowCall.SANDBOX_SECRET;
    private static final String BLOCK = "{\"outputFields\":{\"hs_execution_state\":\"BLOCK\"}}";

    @Inject
    Db db;

    @Inject
    @Named("connectorDb")
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    enum Kind {
        VALID,
        RETRY,
        BAD_SIGNATURE,
        MISSING_SENDER,
        UNKNOWN_PORTAL,
        REFUSED_BY_DATABASE
    }

    record Call(Kind kind, String callbackId, String body, String secret) {}

    record Answer(Call call, int status, String body) {}

    private static String url() {
        return ConfigProvider.getConfig().getValue("connector.public-base-url", String.class) + PATH;
    }

    @Test
    void concurrentCallsAreEachAnsweredOnceAndStoredExactlyOnce() throws Exception {
        String marker = Sandbox.marker();
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String id = "grp-" + marker + "-" + i;
            calls.add(new Call(
                    Kind.VALID,
                    id,
                    callBody(id, "62515", "{\"sender\":\"ACME\",\"message\":\"Grupo " + i + "\"}"),
                    SECRET));
        }
        for (int i = 0; i < 40; i++) {
            calls.add(
                    new Call(Kind.RETRY, calls.get(i).callbackId(), calls.get(i).body(), SECRET));
        }
        for (int i = 0; i < 10; i++) {
            String signed = "sig-" + marker + "-" + i;
            calls.add(new Call(
                    Kind.BAD_SIGNATURE,
                    signed,
                    callBody(signed, "62515", "{\"sender\":\"ACME\",\"message\":\"x\"}"),
                    "not-the-secret"));
            String missing = "field-" + marker + "-" + i;
            calls.add(
                    new Call(Kind.MISSING_SENDER, missing, callBody(missing, "62515", "{\"message\":\"x\"}"), SECRET));
            String unknown = "portal-" + marker + "-" + i;
            calls.add(new Call(
                    Kind.UNKNOWN_PORTAL,
                    unknown,
                    callBody(unknown, "99000001", "{\"sender\":\"ACME\",\"message\":\"x\"}"),
                    SECRET));
            String refused = "refused-" + marker + "-" + i;
            calls.add(new Call(
                    Kind.REFUSED_BY_DATABASE,
                    refused,
                    callBody(
                            refused,
                            "62515",
                            "{\"sender\":\"ACME\",\"message\":\"" + RefuseIntakeTrigger.MARKER + " " + i + "\"}"),
                    SECRET));
        }
        assertEquals(200, calls.size());
        Collections.shuffle(calls, new Random(42));

        List<Answer> answers;
        RefusingTrigger.INTAKE.install(dataSource);
        try {
            answers = sendAll(calls, 32);
        } finally {
            RefusingTrigger.INTAKE.drop(dataSource);
        }

        for (Answer answer : answers) {
            String callbackId = answer.call().callbackId();
            switch (answer.call().kind()) {
                case VALID, RETRY -> {
                    assertEquals(200, answer.status(), callbackId + ": " + answer.body());
                    assertEquals(json.readTree(BLOCK), json.readTree(answer.body()), callbackId);
                    assertEquals(
                            1L,
                            count(
                                    "SELECT COUNT(*) FROM action_request WHERE portal_id = 62515 AND callback_id = ?",
                                    callbackId),
                            callbackId);
                    assertEquals(
                            1L,
                            count(
                                    "SELECT COUNT(*) FROM message WHERE portal_id = 62515 AND callback_id = ?",
                                    callbackId),
                            callbackId);
                    // Queued once: still waiting in the queue, or taken off it by the send that followed.
                    assertEquals(
                            1L,
                            count(
                                    "SELECT COUNT(*) FROM message m WHERE m.callback_id = ? AND (m.status <> 'PENDING' "
                                            + "OR EXISTS (SELECT 1 FROM send_queue q WHERE q.message_id = m.id))",
                                    callbackId),
                            callbackId);
                }
                case BAD_SIGNATURE -> {
                    assertEquals(401, answer.status(), callbackId);
                    assertNothingStored(callbackId);
                }
                case MISSING_SENDER -> {
                    assertEquals(400, answer.status(), callbackId);
                    assertEquals(
                            "inputFields.sender",
                            json.readTree(answer.body()).path("field").asText(),
                            callbackId);
                    assertNothingStored(callbackId);
                }
                case UNKNOWN_PORTAL -> {
                    assertEquals(404, answer.status(), callbackId);
                    JsonNode error = json.readTree(answer.body());
                    assertEquals("error", error.path("status").asText());
                    assertTrue(error.path("message").asText().contains("99000001"), answer.body());
                    assertNothingStored(callbackId);
                }
                case REFUSED_BY_DATABASE -> {
                    // The database's refusal is this call's alone: a 500 (HubSpot calls again), nothing half-stored.
                    assertEquals(500, answer.status(), callbackId + ": " + answer.body());
                    assertEquals(
                            "error", json.readTree(answer.body()).path("status").asText());
                    assertNothingStored(callbackId);
                }
            }
        }
        assertEquals(
                120L, count("SELECT COUNT(*) FROM action_request WHERE callback_id LIKE ?", "grp-" + marker + "-%"));
        assertEquals(120L, count("SELECT COUNT(*) FROM message WHERE callback_id LIKE ?", "grp-" + marker + "-%"));
    }

    @Test
    void aCallRefusedByTheDatabaseIsStoredWhenHubSpotCallsAgain() throws Exception {
        String callbackId = "again-" + Sandbox.marker();
        Call call = new Call(
                Kind.REFUSED_BY_DATABASE,
                callbackId,
                callBody(
                        callbackId,
                        "62515",
                        "{\"sender\":\"ACME\",\"message\":\"" + RefuseIntakeTrigger.MARKER + "\"}"),
                SECRET);
        RefusingTrigger.INTAKE.install(dataSource);
        try {
            assertEquals(500, sendAll(List.of(call), 1).get(0).status());
        } finally {
            RefusingTrigger.INTAKE.drop(dataSource);
        }
        assertNothingStored(callbackId);
        Answer again = sendAll(List.of(call), 1).get(0);
        assertEquals(200, again.status(), again.body());
        assertEquals(1L, count("SELECT COUNT(*) FROM message WHERE portal_id = 62515 AND callback_id = ?", callbackId));
    }

    private List<Answer> sendAll(List<Call> calls, int threads) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (Call call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    String ts = Long.toString(System.currentTimeMillis());
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url()))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .header(HubSpotSignatureVerifier.TIMESTAMP_HEADER, ts)
                            .header(
                                    HubSpotSignatureVerifier.SIGNATURE_HEADER,
                                    HubSpotSignatureVerifier.sign(call.secret(), "POST", url(), call.body(), ts))
                            .POST(HttpRequest.BodyPublishers.ofString(call.body()))
                            .build();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    return new Answer(call, response.statusCode(), response.body());
                }));
            }
            start.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get(120, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private long count(String sql, Object... args) {
        return db.queryOne(sql, r -> r.getLong(1), args).orElseThrow();
    }

    private void assertNothingStored(String callbackId) {
        assertEquals(0L, count("SELECT COUNT(*) FROM action_request WHERE callback_id = ?", callbackId), callbackId);
        assertEquals(0L, count("SELECT COUNT(*) FROM message WHERE callback_id = ?", callbackId), callbackId);
    }
}
