package com.nrsconnector.flow;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.nrs.PreparedSend;
import com.nrsconnector.sandbox.NrsSandbox;
import com.nrsconnector.send.NrsCircuitBreaker;
import com.nrsconnector.send.SendBatchPreparer;
import com.nrsconnector.store.Db;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Never twice, never stuck: what 360nrs may have accepted is never requested again, one hanging request holds only
 * itself, an open circuit breaker (the account's) makes sends wait without using attempts, and a send that ran out of attempts is
 * quarantined instead of blocking the queue.
 */
@QuarkusTest
@TestProfile(SendSafetyTest.HangsUntilReleased.class)
class SendSafetyTest {

    /**
     * A hang lasts until the test releases it (the stand-in then answers 504, which leaves the outcome as open as a
     * read timeout does): the connector's own timeout and the stand-in's delay are far beyond any test's run. The
     * connector's read timeout on a hang is WorkflowSmsFlowTest's and OpsApiTest's.
     */
    public static class HangsUntilReleased implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "camel.component.http.so-timeout", "600000",
                    "camel.component.http.response-timeout", "600000",
                    "connector.sandbox.timeout-delay", "600S");
        }
    }

    @Inject
    CamelContext camel;

    @Inject
    Db db;

    @Inject
    @Named("connectorDb")
    DataSource dataSource;

    @Inject
    NrsCircuitBreaker breakers;

    @Inject
    ConnectorConfig config;

    @Inject
    SendQueue queue;

    @Inject
    SendBatchPreparer preparer;

    @Inject
    ProducerTemplate producer;

    @Inject
    NrsSandbox nrs;

    @Test
    void hangingRequestIsAskedOnceSettledUnknownAndHoldsNoOtherSend() {
        String hanging = Sandbox.createContact(Map.of("mobilephone", "+" + NrsSandbox.TIMES_OUT));
        String other = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 501"));
        String hangMarker = Sandbox.marker();
        String otherMarker = Sandbox.marker();
        Sandbox.enroll(hanging, Map.of("sender", "ACME", "message", "Cuelga " + hangMarker), "hang-" + hangMarker);
        await().atMost(Sandbox.WAIT)
                .until(() -> Sandbox.nrsSmsRequestsMentioning(hangMarker).size() == 1);
        Sandbox.enroll(other, Map.of("sender", "ACME", "message", "Sigue " + otherMarker), "other-" + otherMarker);

        // The other send goes through while the hanging request is still waiting for its answer.
        try {
            Sandbox.awaitEventTypes(other, e -> e.contains("SMS_SENT"));
            assertEquals("PENDING", status("hang-" + hangMarker), "the hanging send is still under way");
        } finally {
            nrs.releaseHangs();
        }

        assertThat(Sandbox.awaitNotSentReason(hanging), containsString("outcome is unknown"));
        // Settled for good: no queue row is left that could ask 360nrs again.
        Outbox.awaitNothingPendingFor(db, "hang-" + hangMarker);
        assertEquals("NOT_SENT", status("hang-" + hangMarker));
        assertThat(Sandbox.nrsSmsRequestsMentioning(hangMarker), hasSize(1));
        assertEquals(1L, deadLetters("hang-" + hangMarker));
    }

    @Test
    void openCircuitBreakerMakesSendsWaitWithoutUsingAttempts() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 502"));
        String marker = Sandbox.marker();
        String callbackId = "breaker-" + marker;
        CircuitBreaker breaker = breakers.forAccount(NrsSandbox.USERNAME);
        breaker.transitionToForcedOpenState();
        try {
            Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Espera " + marker), callbackId);
            // Claimed and given back to the queue, due when the breaker would half-open: no request, no attempt used.
            await().atMost(Sandbox.WAIT).until(() -> waitingInQueue(callbackId));
            assertEquals("PENDING", status(callbackId));
            assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(0));
            assertEquals(0, attempts(callbackId), "attempts used while the breaker was open");
            assertEquals("FORCED_OPEN", breakers.states().get(NrsSandbox.USERNAME));
        } finally {
            breaker.transitionToClosedState();
        }
        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                contains("SMS_SENT", "SMS_DELIVERED"));
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
    }

    /** The gate let the send through, then the breaker opened before its request: back to the queue, no attempt used. */
    @Test
    void aSenderRefusedByItsAccountsBreakerGivesTheSendBackWithoutUsingAnAttempt() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 506"));
        String marker = Sandbox.marker();
        String callbackId = "refused-" + marker;
        CircuitBreaker breaker = breakers.forAccount(NrsSandbox.USERNAME);
        camel.getRouteController().stopRoute("send-dispatcher");
        try {
            Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Rechazo " + marker), callbackId);
            long messageId = db.queryOne("SELECT id FROM message WHERE callback_id = ?", r -> r.getLong(1), callbackId)
                    .orElseThrow();
            // Played as the dispatcher would: claimed (sends of other tests go back as they were), prepared, handed
            // over.
            Map<Long, Instant> others = new LinkedHashMap<>();
            for (Long id : queue.claim(1000, config.dispatcher().lease())) {
                if (id != messageId) {
                    others.put(id, Instant.now());
                }
            }
            queue.release(others);
            List<PreparedSend> prepared =
                    preparer.suppress(preparer.compose(preparer.enrich(preparer.load(List.of(messageId)))));
            assertEquals(1, prepared.size());
            breaker.transitionToForcedOpenState();
            producer.sendBody(
                    "seda:nrs-send?size=" + config.nrs().maxInFlight() + "&blockWhenFull=true", prepared.get(0));

            await().atMost(Sandbox.WAIT).until(() -> waitingInQueue(callbackId));
            assertEquals("PENDING", status(callbackId));
            assertEquals(0, attempts(callbackId), "no attempt used");
            assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(0));
        } finally {
            breaker.transitionToClosedState();
            camel.getRouteController().startRoute("send-dispatcher");
        }
        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                contains("SMS_SENT", "SMS_DELIVERED"));
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
    }

    @Test
    void databaseRefusingTheRecordAfter360nrsAcceptedNeverResends() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 503"));
        String marker = Sandbox.marker();
        RefusingTrigger.RECORDING_SENT.install(dataSource);
        try {
            Sandbox.enroll(
                    contact,
                    Map.of("sender", "ACME", "message", "Registro " + RefuseRecordingSentTrigger.MARKER + " " + marker),
                    "refuse-" + marker);
            assertThat(
                    Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                    contains("SMS_SENT", "SMS_DELIVERED"));
        } finally {
            RefusingTrigger.RECORDING_SENT.drop(dataSource);
        }
        Outbox.awaitNothingPendingFor(db, "refuse-" + marker);
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
    }

    @Test
    void sendThatRanOutOfAttemptsIsQuarantinedAndOthersGoOn() throws Exception {
        String stuck = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 504"));
        String other = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 505"));
        String marker = Sandbox.marker();
        String callbackId = "spent-" + marker;
        camel.getRouteController().stopRoute("send-dispatcher");
        try {
            Sandbox.enroll(stuck, Map.of("sender", "ACME", "message", "Agotado " + marker), callbackId);
            // What repeated failures to settle leave behind: every attempt used, nothing recorded.
            assertEquals(
                    1,
                    db.update(
                            "UPDATE send_queue SET attempts = ? WHERE message_id = "
                                    + "(SELECT id FROM message WHERE callback_id = ?)",
                            config.dispatcher().maxAttempts(),
                            callbackId));
            Sandbox.enroll(other, Map.of("sender", "ACME", "message", "Normal " + Sandbox.marker()));
        } finally {
            camel.getRouteController().startRoute("send-dispatcher");
        }
        assertThat(Sandbox.awaitNotSentReason(stuck), containsString("could not be processed after"));
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(0));
        assertEquals(1L, deadLetters(callbackId));
        Sandbox.awaitEventTypes(other, e -> e.contains("SMS_DELIVERED"));
    }

    private String status(String callbackId) {
        return QueuedSends.status(db, callbackId);
    }

    /** Its queue row is not leased and due only later: it was claimed and given back. */
    private boolean waitingInQueue(String callbackId) {
        return db.queryOne(
                                "SELECT COUNT(*) FROM send_queue WHERE lease_owner IS NULL AND available_at > ? "
                                        + "AND message_id = (SELECT id FROM message WHERE callback_id = ?)",
                                r -> r.getLong(1),
                                Instant.now(),
                                callbackId)
                        .orElse(0L)
                == 1L;
    }

    private int attempts(String callbackId) {
        return QueuedSends.attempts(db, callbackId);
    }

    private long deadLetters(String callbackId) {
        return QueuedSends.deadLetters(db, callbackId);
    }
}
