package com.nrsconnector.hubspot;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What differs between the HubSpot outboxes: whose rows they are, how they are claimed and settled, and the batch
 * request they become. The rows and their SQL belong to the package that owns the table; sending, the retry policy,
 * transactions and dead letters are {@link HubSpotOutbox}'s, written once for all.
 *
 * @param <T> a claimed row
 */
public interface OutboxKind<T extends OutboxKind.Item> {

    /** A claimed row: whose it is, how often it was tried (this attempt included), and its key in its table. */
    interface Item {
        long portalId();

        int attempts();

        /** Named with the row's dead letter. */
        List<Object> key();

        /** The connector message it belongs to, if any (recorded with a dead letter). */
        default Long relatedMessageId() {
            return null;
        }
    }

    /** The id of the route that drives this outbox (named with its dead letters and log lines). */
    String routeId();

    int batchSize();

    /**
     * Claims up to {@code limit} rows that are due at {@code now} for this instance until {@code leaseEnd}
     * ({@code FOR UPDATE SKIP LOCKED}, the attempt counted), in the caller's transaction.
     */
    List<T> claim(Connection c, Instant now, Instant leaseEnd, int limit) throws SQLException;

    /** HubSpot took the row: it is done. */
    void written(Connection c, T item) throws SQLException;

    /** The row is due again at {@code at}, keeping the error. */
    void retryLater(Connection c, T item, Instant at, String error) throws SQLException;

    /** The row is given up (and dead-lettered by the outbox), keeping the error. */
    void givenUp(Connection c, T item, String error) throws SQLException;

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

    /**
     * Whether HubSpot's answer refused the whole batch for some of its inputs and accepted none (the timeline batch's
     * 400 and 409), so that the batch is split and its halves sent again until the refused input stands alone.
     */
    default boolean refusesWholeBatch(HubSpotApiException answer) {
        return false;
    }

    /** Whether HubSpot's refusal of a lone input says that it exists already, which makes it written. */
    default boolean alreadyWritten(HubSpotApiException answer) {
        return false;
    }
}
