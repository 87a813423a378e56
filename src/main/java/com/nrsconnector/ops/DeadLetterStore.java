package com.nrsconnector.ops;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.security.Redaction;
import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Keeps every exchange that exhausted its retries in one format, whichever path gave up on it: route, portal and
 * message (where known), the original body and headers, the error, attempts, first and last failure, status (OPEN,
 * REPLAYED, DISCARDED) and the replays made. Credentials never reach the table: credential headers keep only their
 * scheme, and anything that looks like a Basic / Bearer credential or a password, secret or token value is masked in
 * the body, headers and error.
 */
@ApplicationScoped
@Named("deadLetterStore")
@RegisterForReflection
public class DeadLetterStore {

    private static final Logger LOG = Logger.getLogger(DeadLetterStore.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** How the send pipeline words a send that 360nrs may have accepted (see SendOutcome#outcomeUnknown). */
    public static final String OUTCOME_UNKNOWN = "the outcome is unknown";

    static final String SEND_ROUTE = "send-request";

    public enum Status {
        OPEN,
        REPLAYED,
        DISCARDED
    }

    public record Replay(String at, String by, String outcome, String details) {}

    /** A dead letter as the operations API shows it. */
    public record DeadLetter(
            long id,
            String routeId,
            String endpoint,
            Long portalId,
            Long messageId,
            String body,
            Map<String, Object> headers,
            String exception,
            int attempts,
            String firstFailureAt,
            String lastFailureAt,
            String status,
            boolean outcomeUnknown,
            String statusChangedAt,
            String statusChangedBy,
            List<Replay> replays) {}

    /** List filters; null means any. */
    public record Filter(String routeId, Long portalId, Instant since, Status status) {}

    public record Page(List<DeadLetter> deadLetters, long total, int limit, int offset, Integer nextOffset) {}

    @Inject
    Db db;

    @Inject
    ObjectMapper json;

    @Inject
    MessageStore messages;

    /** Route step of direct:dead-letter: stores the failed exchange as the error handler hands it over. */
    public void store(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
        // useOriginalMessage restores the original headers, so read the counter from the exchange's state too.
        int redeliveries = Math.max(
                exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class),
                exchange.getMessage().getHeader(Exchange.REDELIVERY_MAX_COUNTER, 0, Integer.class));
        Map<String, Object> headers = new TreeMap<>();
        exchange.getMessage().getHeaders().forEach((name, value) -> {
            if (value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
                headers.put(name, value);
            }
        });
        Long messageId = exchange.getProperty("messageId", Long.class);
        if (messageId == null && headers.get("messageId") instanceof Number number) {
            messageId = number.longValue();
        }
        Long portalId = exchange.getProperty("portalId", Long.class);
        // The first attempt started when the exchange was created; the last failure is now.
        Instant firstAttempt = Instant.ofEpochMilli(exchange.getClock().getCreated());
        record(
                routeId,
                endpoint,
                readableBody(exchange),
                headers,
                cause == null ? "unknown error" : cause.toString(),
                redeliveries + 1,
                messageId,
                portalId,
                firstAttempt);
    }

    /** The body as text; a body that cannot be read as text (invalid bytes) must not cost the dead letter itself. */
    private static String readableBody(Exchange exchange) {
        try {
            return exchange.getMessage().getBody(String.class);
        } catch (RuntimeException e) {
            return "(body not readable as text: " + e.getClass().getSimpleName() + ")";
        }
    }

    public void record(
            String routeId,
            String endpoint,
            String payload,
            Map<String, Object> headers,
            String error,
            int attempts,
            Long messageId) {
        record(routeId, endpoint, payload, headers, error, attempts, messageId, null, null);
    }

    /**
     * Stores a dead letter. A message that is dead-lettered again by the same route (a replay that failed too) reopens
     * its dead letter, so its replays and its first failure stay together; attempts add up.
     */
    void record(
            String routeId,
            String endpoint,
            String payload,
            Map<String, Object> headers,
            String error,
            int attempts,
            Long messageId,
            Long portalId,
            Instant firstFailure) {
        String headerJson;
        try {
            headerJson = json.writeValueAsString(redacted(headers));
        } catch (JsonProcessingException e) {
            headerJson = "{}";
        }
        String safeError = Redaction.text(error);
        String safeEndpoint = MessageStore.storable(Redaction.text(endpoint), 1000);
        String safePayload = Redaction.text(payload);
        boolean outcomeUnknown = SEND_ROUTE.equals(routeId) && error != null && error.contains(OUTCOME_UNKNOWN);
        Instant now = Instant.now();
        Instant first = firstFailure == null || firstFailure.isAfter(now) ? now : firstFailure;
        String storedHeaders = headerJson;
        long id = db.inTransaction(c -> {
            Long portal = portalId != null ? portalId : portalOf(c, headers, messageId);
            if (messageId != null) {
                Optional<Long> reopened = Db.queryOne(
                        c,
                        "SELECT id FROM dead_letter WHERE route_id = ? "
                                + "AND message_id = ? AND status <> 'DISCARDED' ORDER BY id DESC LIMIT 1 FOR UPDATE",
                        row -> row.getLong(1),
                        routeId,
                        messageId);
                if (reopened.isPresent()) {
                    Db.update(
                            c,
                            "UPDATE dead_letter SET endpoint = ?, payload = ?, headers = ?, error = ?, "
                                    + "attempts = attempts + ?, portal_id = COALESCE(portal_id, ?), last_failed_at = ?, "
                                    + "outcome_unknown = ?, status = 'OPEN', status_changed_at = ?, status_changed_by = NULL "
                                    + "WHERE id = ?",
                            safeEndpoint,
                            safePayload,
                            storedHeaders,
                            safeError,
                            attempts,
                            portal,
                            now,
                            outcomeUnknown,
                            now,
                            reopened.get());
                    return reopened.get();
                }
            }
            return Db.insert(
                    c,
                    "INSERT INTO dead_letter (route_id, endpoint, payload, headers, error, attempts, "
                            + "message_id, portal_id, first_failed_at, last_failed_at, outcome_unknown, status, created_at, "
                            + "status_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)",
                    routeId,
                    safeEndpoint,
                    safePayload,
                    storedHeaders,
                    safeError,
                    attempts,
                    messageId,
                    portal,
                    first,
                    now,
                    outcomeUnknown,
                    now,
                    now);
        });
        LOG.errorf(
                "dead letter %d from route %s (message %s) after %d attempt(s): %s",
                id, routeId, messageId, attempts, LogText.of(safeError));
    }

    private Long portalOf(Connection c, Map<String, Object> headers, Long messageId) throws SQLException {
        Object header = headers == null ? null : headers.get("portalId");
        if (header instanceof Number number) {
            return number.longValue();
        }
        if (header instanceof CharSequence text && text.toString().matches("\\d{1,18}")) {
            return Long.parseLong(text.toString());
        }
        if (messageId == null) {
            return null;
        }
        return messages.portalOf(c, messageId).orElse(null);
    }

    public Optional<DeadLetter> find(long id) {
        return db.inTransaction(c -> {
            List<DeadLetter> found =
                    withReplays(c, Db.query(c, "SELECT * FROM dead_letter WHERE id = ?", this::map, id));
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
    }

    /** Newest first. */
    public Page list(Filter filter, int limit, int offset) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args);
        return db.inTransaction(c -> {
            long total = Db.queryOne(
                            c, "SELECT COUNT(*) FROM dead_letter" + where, row -> row.getLong(1), args.toArray())
                    .orElse(0L);
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(limit);
            pageArgs.add(offset);
            List<DeadLetter> rows = withReplays(
                    c,
                    Db.query(
                            c,
                            "SELECT * FROM dead_letter" + where + " ORDER BY id DESC LIMIT ? OFFSET ?",
                            this::map,
                            pageArgs.toArray()));
            Integer next = offset + rows.size() < total ? offset + rows.size() : null;
            return new Page(rows, total, limit, offset, next);
        });
    }

    /** The ids of the open dead letters that match, oldest first: what a bulk replay works through. */
    public List<Long> openIds(Filter filter, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(new Filter(filter.routeId(), filter.portalId(), filter.since(), Status.OPEN), args);
        args.add(limit);
        return db.query(
                "SELECT id FROM dead_letter" + where + " ORDER BY id LIMIT ?", row -> row.getLong(1), args.toArray());
    }

    /** Marks the dead letter discarded (kept for audit); answers false if there is no such dead letter. */
    public boolean discard(long id, String by) {
        Instant now = Instant.now();
        boolean discarded = db.update(
                        "UPDATE dead_letter SET status = 'DISCARDED', status_changed_at = ?, "
                                + "status_changed_by = ? WHERE id = ?",
                        now,
                        MessageStore.storable(by, 255),
                        id)
                == 1;
        if (discarded) {
            LOG.infof("dead letter %d discarded by %s", id, LogText.of(by));
        }
        return discarded;
    }

    /** Locks the dead letter for a replay in the caller's transaction. */
    Optional<DeadLetter> lockForReplay(Connection c, long id) throws SQLException {
        List<DeadLetter> found =
                withReplays(c, Db.query(c, "SELECT * FROM dead_letter WHERE id = ? FOR UPDATE", this::map, id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Records a replay and the dead letter's new status, in the caller's transaction. */
    void recordReplay(Connection c, long id, String by, String outcome, String details, Status status)
            throws SQLException {
        Instant now = Instant.now();
        Db.update(
                c,
                "INSERT INTO dead_letter_replay (dead_letter_id, replayed_at, replayed_by, outcome, details) "
                        + "VALUES (?, ?, ?, ?, ?)",
                id,
                now,
                MessageStore.storable(by, 255),
                outcome,
                MessageStore.truncate(details));
        Db.update(
                c,
                "UPDATE dead_letter SET status = ?, status_changed_at = ?, status_changed_by = ? WHERE id = ? "
                        + "AND status <> ?",
                status.name(),
                now,
                MessageStore.storable(by, 255),
                id,
                status.name());
    }

    private static String where(Filter filter, List<Object> args) {
        List<String> conditions = new ArrayList<>();
        if (filter.routeId() != null) {
            conditions.add("route_id = ?");
            args.add(filter.routeId());
        }
        if (filter.portalId() != null) {
            conditions.add("portal_id = ?");
            args.add(filter.portalId());
        }
        if (filter.since() != null) {
            conditions.add("last_failed_at >= ?");
            args.add(filter.since());
        }
        if (filter.status() != null) {
            conditions.add("status = ?");
            args.add(filter.status().name());
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private List<DeadLetter> withReplays(Connection c, List<DeadLetter> rows) throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, List<Replay>> replays = new LinkedHashMap<>();
        String in = String.join(",", rows.stream().map(row -> "?").toList());
        Db.query(
                c,
                "SELECT dead_letter_id, replayed_at, replayed_by, outcome, details FROM dead_letter_replay "
                        + "WHERE dead_letter_id IN (" + in + ") ORDER BY id",
                row -> replays.computeIfAbsent(row.getLong(1), k -> new ArrayList<>())
                        .add(new Replay(
                                text(Db.instant(row, "replayed_at")),
                                row.getString(3),
                                row.getString(4),
                                row.getString(5))),
                rows.stream().map(DeadLetter::id).toArray());
        List<DeadLetter> out = new ArrayList<>(rows.size());
        for (DeadLetter row : rows) {
            out.add(new DeadLetter(
                    row.id(),
                    row.routeId(),
                    row.endpoint(),
                    row.portalId(),
                    row.messageId(),
                    row.body(),
                    row.headers(),
                    row.exception(),
                    row.attempts(),
                    row.firstFailureAt(),
                    row.lastFailureAt(),
                    row.status(),
                    row.outcomeUnknown(),
                    row.statusChangedAt(),
                    row.statusChangedBy(),
                    List.copyOf(replays.getOrDefault(row.id(), List.of()))));
        }
        return out;
    }

    private DeadLetter map(ResultSet row) throws SQLException {
        Number portal = (Number) row.getObject("portal_id");
        Number message = (Number) row.getObject("message_id");
        Instant created = Db.instant(row, "created_at");
        Instant first = Db.instant(row, "first_failed_at");
        Instant last = Db.instant(row, "last_failed_at");
        return new DeadLetter(
                row.getLong("id"),
                row.getString("route_id"),
                row.getString("endpoint"),
                portal == null ? null : portal.longValue(),
                message == null ? null : message.longValue(),
                row.getString("payload"),
                headers(row.getString("headers")),
                row.getString("error"),
                row.getInt("attempts"),
                text(first != null ? first : created),
                text(last != null ? last : created),
                row.getString("status"),
                row.getBoolean("outcome_unknown"),
                text(Db.instant(row, "status_changed_at")),
                row.getString("status_changed_by"),
                List.of());
    }

    private Map<String, Object> headers(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static Map<String, Object> redacted(Map<String, Object> headers) {
        Map<String, Object> out = new TreeMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> out.put(
                    name,
                    value == null
                            ? null
                            : Redaction.isCredentialHeader(name)
                                    ? Redaction.authorization(value.toString())
                                    : value instanceof CharSequence text ? Redaction.text(text.toString()) : value));
        }
        return out;
    }
}
