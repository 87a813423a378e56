package com.nrsconnector.flow;

import static org.awaitility.Awaitility.await;

import com.nrsconnector.store.Db;

/**
 * Whether a workflow call (or one message, or a contact's messages) has anything left that could still reach HubSpot or 360nrs. Once nothing
 * is left, what HubSpot and the 360nrs stand-in hold for it is all they will ever get: a test asserts "exactly once"
 * on that instead of watching for a while that nothing more comes.
 */
final class Outbox {

    private Outbox() {}

    /**
     * Waits until the call's sends are settled (no queue row), its messages have no report held for a predecessor
     * and no timeline event still to write, and its completion is written (or given up).
     */
    static void awaitNothingPendingFor(Db db, String callbackId) {
        await().atMost(Sandbox.WAIT).until(() -> pending(db, "m.callback_id = ?", callbackId) == 0);
    }

    /** {@link #awaitNothingPendingFor(Db, String)} for one message (and the workflow call it belongs to). */
    static void awaitNothingPendingForMessage(Db db, long messageId) {
        await().atMost(Sandbox.WAIT).until(() -> pending(db, "m.id = ?", messageId) == 0);
    }

    /**
     * {@link #awaitNothingPendingFor(Db, String)} for every message to the contact, and its opt-out property update to
     * HubSpot too.
     */
    static void awaitNothingPendingForContact(Db db, String contactId) {
        await().atMost(Sandbox.WAIT)
                .until(() -> pending(db, "m.contact_id = ?", contactId) == 0
                        && count(
                                        db,
                                        "SELECT COUNT(*) FROM opt_out_contact_update WHERE contact_id = ? "
                                                + "AND contact_state = 'PENDING'",
                                        contactId)
                                == 0);
    }

    private static long pending(Db db, String messages, Object key) {
        return count(
                        db,
                        "SELECT COUNT(*) FROM send_queue q JOIN message m ON m.id = q.message_id WHERE " + messages,
                        key)
                + count(
                        db,
                        "SELECT COUNT(*) FROM provider_callback p JOIN message m ON m.id = p.message_id "
                                + "WHERE p.state = 'HELD' AND " + messages,
                        key)
                + count(
                        db,
                        "SELECT COUNT(*) FROM message_event e JOIN message m ON m.id = e.message_id "
                                + "WHERE e.timeline_state = 'PENDING' AND " + messages,
                        key)
                + count(
                        db,
                        "SELECT COUNT(*) FROM action_request a JOIN message m ON m.callback_id = a.callback_id "
                                + "AND m.portal_id = a.portal_id WHERE a.completion_state NOT IN ('COMPLETED', 'FAILED') AND "
                                + messages,
                        key);
    }

    private static long count(Db db, String sql, Object key) {
        return db.queryOne(sql, r -> r.getLong(1), key).orElse(0L);
    }
}
