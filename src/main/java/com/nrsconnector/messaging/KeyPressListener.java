package com.nrsconnector.messaging;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a key pressed during an interactive call does (send an SMS, record an opt-out, ...): it runs in the transaction
 * that records the KEY_PRESSED event, so the event and what the key did commit or roll back together, and a repeated
 * report does neither twice. Implemented outside messaging, which reaches it through this interface only.
 */
public interface KeyPressListener {

    /** The event's details: the key and what it does (e.g. "key 1: SMS"). */
    String describe(Connection c, long messageId, String key) throws SQLException;

    /** Does what the key says, after its KEY_PRESSED event is recorded. */
    void pressed(Connection c, long messageId, String key) throws SQLException;
}
