package com.nrsconnector.messaging;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What must happen together with a message's final status, or with its reopening for a replay: it runs in the
 * transaction of that change and commits or rolls back with it. The waiting workflow's completion is implemented this
 * way by the workflow package, which depends on messaging; messaging reaches it through this interface only, so the
 * two packages form no cycle.
 */
public interface MessageOutcomeListener {

    /** The message reached a status that is final for its workflow (NOT_SENT, DELIVERED or NOT_DELIVERED). */
    void finalStatus(Connection c, FinalStatus outcome) throws SQLException;

    /**
     * The message was sent (360nrs took it): an execution that waits for the send only completes here. The status is
     * SENT and {@code details} null.
     */
    default void sent(Connection c, FinalStatus outcome) throws SQLException {}

    /** The message, settled NOT_SENT, went back to the send queue for a replay and is PENDING again. */
    void reopened(Connection c, long messageId, long portalId, String callbackId) throws SQLException;

    /**
     * A final status and the message it belongs to; {@code callbackId} is the workflow execution that sent it (null
     * when none did), {@code details} the reason or report as recorded with the status event.
     */
    record FinalStatus(
            long messageId,
            long portalId,
            String callbackId,
            String providerMessageId,
            MessageStatus status,
            String details) {}
}
