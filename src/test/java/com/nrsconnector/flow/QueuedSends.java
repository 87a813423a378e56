package com.nrsconnector.flow;

import com.nrsconnector.store.Db;

/**
 * What the database holds of a workflow call's send, found by its callbackId: its message's status, attempts used,
 * dead letters made.
 */
final class QueuedSends {

    private QueuedSends() {}

    /** The message's status, or "" while the call made none. */
    static String status(Db db, String callbackId) {
        return db.queryOne("SELECT status FROM message WHERE callback_id = ?", r -> r.getString(1), callbackId)
                .orElse("");
    }

    static int attempts(Db db, String callbackId) {
        return db.queryOne(
                        "SELECT attempts FROM send_queue WHERE message_id = (SELECT id FROM message WHERE callback_id = ?)",
                        r -> r.getInt(1),
                        callbackId)
                .orElse(0);
    }

    static long deadLetters(Db db, String callbackId) {
        return db.queryOne(
                        "SELECT COUNT(*) FROM dead_letter WHERE message_id = (SELECT id FROM message WHERE callback_id = ?)",
                        r -> r.getLong(1),
                        callbackId)
                .orElse(0L);
    }
}
