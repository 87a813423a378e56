package com.nrsconnector.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.nrsconnector.send.CallPriority;
import com.nrsconnector.store.Db;
import com.nrsconnector.support.SignedWorkflowCall;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Workflow calls before sends, in the running connector: while calls keep arriving faster than
 * connector.dispatcher.yield-to-calls-above, the dispatcher's rounds yield to them and claim once each, and the sends
 * still all go during the burst, none lost, none twice. Asserted by state and counts, not by durations.
 */
@QuarkusTest
@TestProfile(CallPriorityFlowTest.YieldToFewCalls.class)
class CallPriorityFlowTest {

    /** A burst is anything above 5 calls a second; a round claims at most 2 sends. */
    public static class YieldToFewCalls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "connector.dispatcher.yield-to-calls-above", "5",
                    "connector.dispatcher.yield-at-most", "PT0.3S",
                    "connector.dispatcher.batch-size", "2");
        }
    }

    private static final long UNKNOWN_PORTAL = 62599;

    @Inject
    CallPriority priority;

    @Inject
    Db db;

    @Test
    void sendsKeepGoingWhileABurstOfCallsIsAnsweredFirst() throws Exception {
        String baseUrl = ConfigProvider.getConfig().getValue("connector.public-base-url", String.class);
        HttpClient http = HttpClient.newHttpClient();
        AtomicBoolean burst = new AtomicBoolean(true);
        AtomicInteger burstCalls = new AtomicInteger();
        List<Integer> burstStatuses = new ArrayList<>();
        // Calls for a portal that is not connected: each one is taken in and answered (404), and stores nothing.
        Thread caller = new Thread(() -> {
            while (burst.get()) {
                try {
                    HttpResponse<String> answer = http.send(
                            SignedWorkflowCall.sendSms(
                                    baseUrl, UNKNOWN_PORTAL, "burst-" + burstCalls.incrementAndGet(), "ACME", "Hola"),
                            HttpResponse.BodyHandlers.ofString());
                    synchronized (burstStatuses) {
                        burstStatuses.add(answer.statusCode());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        long yieldedBefore = priority.yieldedRounds();
        caller.start();
        List<String> callbacks = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                String marker = Sandbox.marker();
                String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 93" + i));
                Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Primero " + marker), "first-" + marker);
                callbacks.add("first-" + marker);
                markers.add(marker);
            }
            // All six leave while the calls go on, two at most per round.
            await().atMost(Sandbox.WAIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> callbacks.stream().noneMatch(callback -> "PENDING".equals(status(callback))));
            assertTrue(burst.get(), "the burst was still going");
        } finally {
            burst.set(false);
            caller.join();
        }
        assertTrue(priority.yieldedRounds() > yieldedBefore, "rounds yielded to the calls");
        synchronized (burstStatuses) {
            assertTrue(burstStatuses.size() > 10, "calls made: " + burstStatuses.size());
            assertTrue(
                    burstStatuses.stream().allMatch(status -> status == 404), "each call answered: " + burstStatuses);
        }
        for (int i = 0; i < callbacks.size(); i++) {
            assertEquals("SENT", sentOrBeyond(status(callbacks.get(i))), callbacks.get(i));
            assertEquals(1, Sandbox.nrsSmsRequestsMentioning(markers.get(i)).size(), "sent once: " + markers.get(i));
        }
        assertEquals(
                0L,
                db.queryOne(
                                "SELECT COUNT(*) FROM action_request WHERE portal_id = ?",
                                r -> r.getLong(1),
                                UNKNOWN_PORTAL)
                        .orElseThrow(),
                "the refused calls stored nothing");
    }

    private String status(String callbackId) {
        return QueuedSends.status(db, callbackId);
    }

    /** SENT, or a status only a sent message reaches. */
    private static String sentOrBeyond(String status) {
        return "DELIVERED".equals(status) || "NOT_DELIVERED".equals(status) ? "SENT" : status;
    }
}
