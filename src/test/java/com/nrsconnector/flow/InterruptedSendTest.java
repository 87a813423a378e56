package com.nrsconnector.flow;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A send whose instance died while calling 360nrs (claimed, marked in flight, lease run out) is not sent again
 * blindly: it becomes NOT_SENT with the reason and a dead letter for an operator to check and replay.
 */
@QuarkusTest
class InterruptedSendTest {

    @Inject
    CamelContext camel;

    @Inject
    Db db;

    @Test
    void sendInterruptedMidCallIsSettledNotRepeated() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 401"));
        String marker = Sandbox.marker();
        String callbackId = "crash-" + marker;
        camel.getRouteController().stopRoute("send-dispatcher");
        try {
            Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Crash " + marker), callbackId);
            // What a killed instance leaves behind: claimed, in flight, its lease run out.
            int updated = db.update(
                    "UPDATE send_queue SET attempts = 1, lease_owner = 'dead-instance', lease_until = ?, "
                            + "in_flight_since = ? WHERE message_id = (SELECT id FROM message WHERE callback_id = ?)",
                    Instant.now().minusSeconds(1),
                    Instant.now().minusSeconds(130),
                    callbackId);
            assertEquals(1, updated);
        } finally {
            camel.getRouteController().startRoute("send-dispatcher");
        }

        assertThat(Sandbox.awaitNotSentReason(contact), containsString("outcome is unknown"));
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(0));
        long deadLetters = db.queryOne(
                        "SELECT COUNT(*) FROM dead_letter WHERE message_id = "
                                + "(SELECT id FROM message WHERE callback_id = ?)",
                        row -> row.getLong(1),
                        callbackId)
                .orElse(0L);
        assertEquals(1, deadLetters);
    }
}
