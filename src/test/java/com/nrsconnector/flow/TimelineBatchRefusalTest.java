package com.nrsconnector.flow;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** A timeline batch HubSpot answers 207: the events it created are written, the ones it refused are given up. */
@QuarkusTest
class TimelineBatchRefusalTest {

    @Inject
    Db db;

    @Inject
    ConnectorConfig config;

    @Test
    void anEventForARecordThePortalDoesNotHaveIsGivenUpAndTheOthersAreWritten() {
        String known = Sandbox.createContact(Map.of("firstname", "Conocida"));
        String unknown = "98" + System.nanoTime() % 1_000_000_000L;
        long portal = config.sandbox().demoPortalId();
        long[] ids = db.inTransaction(c -> {
            long[] messageIds = new long[2];
            int i = 0;
            for (String contact : List.of(known, unknown)) {
                messageIds[i] = Db.insert(c, "INSERT INTO message (portal_id, contact_id, channel, status, sender) "
                        + "VALUES (?, ?, 'SMS', 'SENT', 'ACME')", portal, contact);
                Db.update(c, "INSERT INTO message_event (message_id, event_type, occurred_at) VALUES (?, 'SMS_SENT', ?)",
                        messageIds[i++], Db.timestamp(Instant.now()));
            }
            return messageIds;
        });

        await().atMost(Sandbox.WAIT).until(() -> "FAILED".equals(state(ids[1])) && "WRITTEN".equals(state(ids[0])));

        assertEquals(List.of("SMS_SENT"), Sandbox.eventTypes(known));
        assertThat(Sandbox.eventTypes(unknown), hasSize(0));
        String error = db.queryOne("SELECT timeline_error FROM message_event WHERE message_id = ?",
                row -> row.getString(1), ids[1]).orElseThrow();
        assertThat(error, containsString("207"));
        assertThat(error, containsString("OBJECT_NOT_FOUND"));
        List<String> deadLetters = db.query("SELECT route_id FROM dead_letter WHERE message_id = ?",
                row -> row.getString(1), ids[1]);
        assertEquals(List.of("timeline-writer"), deadLetters);
    }

    private String state(long messageId) {
        return db.queryOne("SELECT timeline_state FROM message_event WHERE message_id = ?", row -> row.getString(1),
                messageId).orElse(null);
    }
}
