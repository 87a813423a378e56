package com.nrsconnector.hubspot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What differs between the HubSpot outboxes: the table their rows live in, how a claimed row is read, and the batch
 * request it becomes. Claiming, sending and settling are {@link HubSpotOutbox}'s, written once for all.
 *
 * @param <T> a claimed row
 */
public interface OutboxKind<T extends OutboxKind.Item> {

    /** A claimed row: whose it is, how often it was tried (this attempt included), and its key in the table. */
    interface Item {
        long portalId();

        int attempts();

        List<Object> key();

        /** The connector message it belongs to, if any (recorded with a dead letter). */
        Long relatedMessageId();
    }

    /**
     * Where the rows live. The state, attempts, next-attempt and error columns are {@code <prefix>_state},
     * {@code <prefix>_attempts}, {@code <prefix>_next_attempt_at} and {@code <prefix>_error}; a pending row is
     * {@code PENDING}, a written one {@code doneState}, a given-up one {@code FAILED}.
     */
    record Table(String name, List<String> keyColumns, String prefix, String doneState, String alsoOnDone) {
    }

    /** The id of the route that drives this outbox (named with its dead letters and log lines). */
    String routeId();

    Table table();

    int batchSize();

    /** The claimed row with this key, with everything its request needs. */
    Optional<T> load(Connection connection, List<Object> key) throws SQLException;

    /** The HubSpot path the batch is posted to. */
    String path();

    /** The row's element of the batch's {@code inputs}; a HubSpotApiException if it cannot be written at all. */
    Map<String, Object> input(T item);

    /**
     * The id HubSpot echoes in a batch answer's {@code results} for the created input (timeline events), so that a
     * 207 answer's refused inputs can be told apart; null when the answer carries no results.
     */
    default String resultId(Map<String, Object> input) {
        return null;
    }
}
