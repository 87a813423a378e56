package com.nrsconnector.messaging;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The durable queue of pending sends. Rows are claimed with a lease under FOR UPDATE SKIP LOCKED, so connector
 * instances sharing a database never work on the same send, and a crashed instance's claims are taken over once
 * their lease has run out.
 */
@ApplicationScoped
@Named("sendQueue")
@RegisterForReflection
public class SendQueue {

    /** Identifies this process in lease_owner. */
    public static final String INSTANCE_ID = UUID.randomUUID().toString();
    /** A send given back to the queue, due at the one parameter, its attempt not counted. */
    private static final String GIVE_BACK = "lease_owner = NULL, lease_until = NULL, in_flight_since = NULL, "
            + "available_at = ?, attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END";

    @Inject
    Db db;

    @Inject
    com.nrsconnector.config.ConnectorConfig config;

    public void enqueue(Connection c, long messageId) throws SQLException {
        enqueueAll(c, new long[] {messageId});
    }

    /** Queues these messages in one batch of inserts, due now. */
    public void enqueueAll(Connection c, long[] messageIds) throws SQLException {
        Instant now = Instant.now();
        List<Object[]> rows = new ArrayList<>(messageIds.length);
        for (long id : messageIds) {
            rows.add(new Object[] {id, now});
        }
        Db.updateBatch(c, "INSERT INTO send_queue (message_id, available_at) VALUES (?, ?)", rows);
    }

    /** A settled send goes again (a replay): whatever is left of its queue row is replaced by a fresh one. */
    public void requeue(Connection c, long messageId) throws SQLException {
        Db.update(c, "DELETE FROM send_queue WHERE message_id = ?", messageId);
        enqueue(c, messageId);
    }

    /** Route step: claims the next batch of up to {@code batchSize} due sends for this instance. */
    public List<Long> claimDue(int batchSize) {
        return claim(batchSize, config.dispatcher().lease());
    }

    /** Claims up to {@code limit} sends that are due and not leased by a live instance. */
    public List<Long> claim(int limit, Duration lease) {
        if (limit <= 0) {
            return new ArrayList<>();
        }
        Instant now = Instant.now();
        return db.inTransaction(c -> {
            // Sends past the attempt limit are left to the quarantine step: a claim never adds an attempt beyond it.
            List<Long> ids = Db.query(
                    c,
                    "SELECT message_id FROM send_queue WHERE available_at <= ? "
                            + "AND (lease_until IS NULL OR lease_until < ?) AND attempts < ? ORDER BY available_at, message_id "
                            + "LIMIT ? FOR UPDATE SKIP LOCKED",
                    row -> row.getLong(1),
                    now,
                    now,
                    config.dispatcher().maxAttempts(),
                    limit);
            if (ids.isEmpty()) {
                return ids;
            }
            // One statement for the whole batch: the rows are locked by this transaction already.
            List<Object> args = new ArrayList<>(List.of(INSTANCE_ID, now.plus(lease)));
            args.addAll(ids);
            Db.update(
                    c,
                    "UPDATE send_queue SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 "
                            + "WHERE message_id IN (" + Db.placeholders(ids.size()) + ")",
                    args.toArray());
            return new ArrayList<>(ids);
        });
    }

    /**
     * Sends whose attempts ran out without being settled (settling itself kept failing, or an instance died each time):
     * due, not leased by a live instance, and at or past the attempt limit. They are quarantined, never claimed again.
     */
    public List<Abandoned> abandoned(int limit) {
        Instant now = Instant.now();
        return db.query(
                "SELECT q.message_id, q.attempts, q.in_flight_since, q.held, q.last_error, m.channel "
                        + "FROM send_queue q JOIN message m ON m.id = q.message_id "
                        + "WHERE q.attempts >= ? AND q.available_at <= ? AND (q.lease_until IS NULL OR q.lease_until < ?) "
                        + "ORDER BY q.available_at LIMIT ?",
                row -> new Abandoned(
                        row.getLong(1),
                        row.getInt(2),
                        row.getTimestamp(3) != null,
                        row.getBoolean(4),
                        row.getString(5),
                        Channel.valueOf(row.getString(6))),
                config.dispatcher().maxAttempts(),
                now,
                now,
                limit);
    }

    /** A send past its attempts; {@code held} when its dead letter is waiting for a replay. */
    public record Abandoned(
            long messageId, int attempts, boolean inFlight, boolean held, String lastError, Channel channel) {}

    /** A replay of a held send: due now with fresh attempts. Answers false when it was not held. */
    public boolean releaseHeld(Connection c, long messageId) throws SQLException {
        return Db.update(
                        c,
                        "UPDATE send_queue SET held = FALSE, attempts = 0, available_at = ?, lease_owner = NULL, "
                                + "lease_until = NULL WHERE message_id = ? AND held = TRUE",
                        Instant.now(),
                        messageId)
                == 1;
    }

    /** Its attempts ran out: set aside (dead-lettered) until a replay or the end of the hold. */
    public void hold(long messageId, Duration hold, String reason) {
        db.update(
                "UPDATE send_queue SET lease_owner = NULL, lease_until = NULL, in_flight_since = NULL, held = TRUE, "
                        + "available_at = ?, last_error = ? WHERE message_id = ?",
                Instant.now().plus(hold),
                MessageStore.truncate(reason),
                messageId);
    }

    /** Keeps a send that could not even be quarantined out of the way of the others for a while. */
    public void postpone(long messageId, Duration delay) {
        db.update(
                "UPDATE send_queue SET lease_owner = NULL, lease_until = NULL, available_at = ? WHERE message_id = ?",
                Instant.now().plus(delay),
                messageId);
    }

    /**
     * Route step, just before 360nrs is called: answers whether this instance still holds the send (its lease, renewed
     * here) and it was not already in flight. Only then may the request be made.
     */
    public boolean markInFlight(long messageId) {
        Instant now = Instant.now();
        return db.update(
                        "UPDATE send_queue SET in_flight_since = ?, lease_until = ? WHERE message_id = ? "
                                + "AND lease_owner = ? AND lease_until >= ? AND in_flight_since IS NULL",
                        now,
                        now.plus(config.dispatcher().lease()),
                        messageId,
                        INSTANCE_ID,
                        now)
                == 1;
    }

    /**
     * Route step of a 360nrs request, just before it is made: of its sends (message id -> the number the request
     * carries for it), those this instance still holds and that are not already in flight are marked in flight (one
     * statement, their leases renewed) and stamped with the request's reference, the lowest of their ids, and their
     * number, in one transaction; a delivery report names the request and the number. Answers the ids marked, lowest
     * first: only those may be requested.
     */
    public List<Long> markRequestInFlight(Map<Long, String> numbers) {
        if (numbers.isEmpty()) {
            return List.of();
        }
        Instant now = Instant.now();
        List<Long> ids = new ArrayList<>(numbers.keySet());
        return db.inTransaction(c -> {
            List<Object> args = new ArrayList<>(ids);
            args.add(INSTANCE_ID);
            args.add(now);
            List<Long> held = Db.query(
                    c,
                    "SELECT message_id FROM send_queue WHERE message_id IN (" + Db.placeholders(ids.size())
                            + ") AND lease_owner = ? AND lease_until >= ? AND in_flight_since IS NULL ORDER BY message_id FOR UPDATE",
                    row -> row.getLong(1),
                    args.toArray());
            if (held.isEmpty()) {
                return held;
            }
            List<Object> update =
                    new ArrayList<>(List.of(now, now.plus(config.dispatcher().lease())));
            update.addAll(held);
            Db.update(
                    c,
                    "UPDATE send_queue SET in_flight_since = ?, lease_until = ? WHERE message_id IN ("
                            + Db.placeholders(held.size()) + ")",
                    update.toArray());
            long requestRef = held.get(0);
            List<Object[]> stamps = new ArrayList<>();
            for (long id : held) {
                stamps.add(new Object[] {requestRef, MessageStore.storable(numbers.get(id), 32), id});
            }
            Db.batch(c, "UPDATE message SET request_ref = ?, phone = ? WHERE id = ?", stamps);
            return held;
        });
    }

    /** Of the claimed sends, those whose previous holder died while calling 360nrs. */
    public List<Long> interruptedInFlight(List<Long> claimed) {
        if (claimed.isEmpty()) {
            return List.of();
        }
        String in = Db.placeholders(claimed.size());
        return db.query(
                "SELECT message_id FROM send_queue WHERE in_flight_since IS NOT NULL AND message_id IN (" + in + ")",
                row -> row.getLong(1),
                claimed.toArray());
    }

    /** Exponential backoff after the given number of attempts, from the configured first delay up to the maximum. */
    public Duration backoff(int attempts) {
        return new Backoff(
                        config.dispatcher().initialBackoff(),
                        config.dispatcher().maxBackoff())
                .after(attempts);
    }

    public boolean attemptsExhausted(int attempts) {
        return attempts >= config.dispatcher().maxAttempts();
    }

    /** Drops a queue row whose message is already settled (defensive: settling deletes it in the same transaction). */
    public void remove(long messageId) {
        db.update("DELETE FROM send_queue WHERE message_id = ?", messageId);
    }

    /** The attempts of each of these sends that is still queued (one query). */
    public Map<Long, Integer> attemptsOf(List<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Integer> attempts = new HashMap<>();
        for (long[] row : db.query(
                "SELECT message_id, attempts FROM send_queue WHERE message_id IN (" + Db.placeholders(messageIds.size())
                        + ")",
                r -> new long[] {r.getLong(1), r.getInt(2)},
                messageIds.toArray())) {
            attempts.put(row[0], (int) row[1]);
        }
        return attempts;
    }

    public int attempts(long messageId) {
        return db.queryOne("SELECT attempts FROM send_queue WHERE message_id = ?", row -> row.getInt(1), messageId)
                .orElse(0);
    }

    /** Gives the send back to the queue for a later attempt (transient failure). */
    public void retryLater(long messageId, Duration delay, String error) {
        db.update(
                "UPDATE send_queue SET lease_owner = NULL, lease_until = NULL, in_flight_since = NULL, "
                        + "available_at = ?, last_error = ? WHERE message_id = ?",
                Instant.now().plus(delay),
                MessageStore.truncate(error),
                messageId);
    }

    /** Gives the send back at once, attempt not counted (e.g. the account's circuit breaker held it back). */
    public void release(long messageId, Duration delay) {
        db.update(
                "UPDATE send_queue SET " + GIVE_BACK + " WHERE message_id = ?",
                Instant.now().plus(delay),
                messageId);
    }

    /**
     * Gives claimed sends back, each due again at its own time, attempts not counted (the dispatcher's gate held them
     * back: their account's rate, its requests in flight or its open circuit breaker). One transaction.
     */
    public void release(Map<Long, Instant> dueAt) {
        if (dueAt.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(dueAt.size());
        dueAt.forEach((messageId, due) -> rows.add(new Object[] {due, messageId, INSTANCE_ID}));
        db.inTransaction(c -> Db.updateBatch(
                c,
                "UPDATE send_queue SET " + GIVE_BACK
                        + " WHERE message_id = ? AND lease_owner = ? AND in_flight_since IS NULL",
                rows));
    }

    /** Gives these sends back at once, attempts not counted (one statement): e.g. the breaker held their request back. */
    public void releaseAll(List<Long> messageIds, Duration delay) {
        if (messageIds.isEmpty()) {
            return;
        }
        List<Object> args = new ArrayList<>();
        args.add(Instant.now().plus(delay));
        args.addAll(messageIds);
        db.update(
                "UPDATE send_queue SET " + GIVE_BACK + " WHERE message_id IN (" + Db.placeholders(messageIds.size())
                        + ")",
                args.toArray());
    }

    /** How many of the portal's sends are being handed to 360nrs right now. */
    public int inFlight(long portalId) {
        return db.queryOne(
                        "SELECT COUNT(*) FROM send_queue q JOIN message m ON m.id = q.message_id "
                                + "WHERE m.portal_id = ? AND q.in_flight_since IS NOT NULL",
                        row -> row.getInt(1),
                        portalId)
                .orElse(0);
    }

    /** The portal's queued sends that no instance is handing to 360nrs, oldest first. */
    public List<Long> waiting(long portalId) {
        return db.query(
                "SELECT q.message_id FROM send_queue q JOIN message m ON m.id = q.message_id "
                        + "WHERE m.portal_id = ? AND m.status = 'PENDING' AND q.in_flight_since IS NULL ORDER BY q.message_id",
                row -> row.getLong(1),
                portalId);
    }
}
