package com.nrsconnector.messaging;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.MessageStore.CallbackOutcome;
import com.nrsconnector.store.Db;
import com.nrsconnector.store.GroupCommit;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every status a provider (or a click on a tracked link) reports for a message passes through here: it is stored
 * once (a repeat writes nothing new), applied when the message has reached the predecessor status, and held until
 * then otherwise; the held ones are retried by the sync route.
 */
@ApplicationScoped
@Named("providerEventInbox")
@RegisterForReflection
public class ProviderEventInbox {

    private static final Logger LOG = Logger.getLogger(ProviderEventInbox.class);
    private static final Duration RECHECK = Duration.ofSeconds(30);
    /** The reason of a message settled NOT_DELIVERED because its delivery report never came. */
    public static final String NO_DELIVERY_REPORT = "no delivery report";

    private static final int OVERDUE_BATCH = 100;

    @Inject
    Db db;

    @Inject
    ConnectorConfig config;

    @Inject
    MessageStore messages;

    /**
     * Reports arrive many at once (360nrs calls back each recipient's delivery report): the reports of concurrent
     * callers share one transaction and one commit, each caller answered once its report committed.
     */
    private GroupCommit<Report, String> reports;

    /** One reported status; without what it carried, since it may end up in a log line. */
    private record Report(long messageId, MessageStatus status, String providerStatus, String raw, String details) {
        @Override
        public String toString() {
            return "Report[messageId=" + messageId + ", status=" + status + "]";
        }
    }

    @PostConstruct
    void start() {
        reports = new GroupCommit<>(
                "provider-events",
                db,
                config.intake().writers(),
                config.intake().maxBatch(),
                (c, batch) -> {
                    List<String> outcomes = new ArrayList<>(batch.size());
                    for (Report report : batch) {
                        outcomes.add(recordOne(c, report));
                    }
                    return outcomes;
                });
    }

    /** At shutdown, after the HTTP server has let the calls under way finish: what is still pending is stored. */
    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        reports.close(config.intake().drainTimeout());
    }

    @PreDestroy
    void destroy() {
        reports.close(config.intake().drainTimeout());
    }

    /**
     * Answers "applied", "held", "duplicate", "not_applicable" or "unknown_message" once the report committed (in a
     * transaction it may share with reports of other callers).
     */
    public String record(long messageId, MessageStatus status, String providerStatus, String raw, String details) {
        return reports.submit(new Report(messageId, status, providerStatus, raw, details));
    }

    private String recordOne(Connection c, Report report) throws SQLException {
        int stored = Db.update(
                c,
                "INSERT INTO provider_callback (message_id, status, provider_status, raw, details) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                report.messageId(),
                report.status().name(),
                report.providerStatus(),
                report.raw(),
                MessageStore.truncate(report.details()));
        if (stored == 0) {
            return "duplicate";
        }
        String outcome = applyOne(c, report.messageId(), report.status(), report.details());
        if ("applied".equals(outcome)) {
            // This status may be the predecessor that held events were waiting for.
            applyHeldFor(c, report.messageId());
        }
        return outcome;
    }

    /** Route step of the sync route: a safety net that re-checks held events whose time has come. */
    public int applyHeld() {
        Instant now = Instant.now();
        List<long[]> held = db.query(
                "SELECT id, message_id FROM provider_callback WHERE state = 'HELD' "
                        + "AND next_check_at <= ? ORDER BY next_check_at, id LIMIT 100",
                row -> new long[] {row.getLong(1), row.getLong(2)},
                now);
        int applied = 0;
        for (long[] callback : held) {
            applied += db.inTransaction(c -> {
                int done = applyHeldFor(c, callback[1]);
                Db.update(
                        c,
                        "UPDATE provider_callback SET next_check_at = ? WHERE id = ? AND state = 'HELD'",
                        now.plus(RECHECK),
                        callback[0]);
                return done;
            });
        }
        return applied;
    }

    /**
     * Route step of the delivery-report timeout route: every message still SENT longer than
     * {@code connector.nrs.delivery-report-timeout} after its send is settled NOT_DELIVERED with the reason "no
     * delivery report", through the status machine (SMS_NOT_DELIVERED on the timeline, the workflow completed once).
     * A report arriving later finds the message final and is kept in provider_callback only (see {@link #record}).
     */
    public int settleUnreported() {
        return settleSentBefore(Instant.now().minus(config.nrs().deliveryReportTimeout()));
    }

    /**
     * The work of {@link #settleUnreported()} for the messages sent at or before {@code sentBefore}, settled now; the
     * timeout is a cut-off a caller may choose instead of waiting it out.
     */
    public int settleSentBefore(Instant sentBefore) {
        Instant now = Instant.now();
        List<Long> overdue = db.query(
                "SELECT id FROM message WHERE status = 'SENT' AND updated_at <= ? " + "ORDER BY updated_at, id LIMIT ?",
                row -> row.getLong(1),
                sentBefore,
                OVERDUE_BATCH);
        int settled = 0;
        for (long messageId : overdue) {
            settled += db.inTransaction(c -> {
                // Guarded by the status under the row lock: a report that came meanwhile wins, and two instances
                // settle a message once.
                CallbackOutcome outcome = messages.applyProviderStatus(
                        c, messageId, MessageStatus.NOT_DELIVERED, now, NO_DELIVERY_REPORT);
                if (outcome != CallbackOutcome.APPLIED) {
                    return 0;
                }
                // Events held for DELIVERED (a click, a reply) can never follow now; they are discarded.
                applyHeldFor(c, messageId);
                return 1;
            });
        }
        if (settled > 0) {
            LOG.infof(
                    "%d message(s) settled NOT_DELIVERED: no delivery report within %s",
                    settled, config.nrs().deliveryReportTimeout());
        }
        return settled;
    }

    /** Called when a message's status moved on outside this inbox (the send was recorded). */
    public int applyHeldFor(long messageId) {
        return db.inTransaction(c -> applyHeldFor(c, messageId));
    }

    /**
     * Called when the sends of a request were recorded: the held events of those of its messages that have any (one
     * query finds them) are applied, one transaction per such message. Answers how many were applied.
     */
    public int applyHeldForAll(List<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return 0;
        }
        String in = String.join(",", Collections.nCopies(messageIds.size(), "?"));
        List<Long> withHeld = db.query(
                "SELECT DISTINCT message_id FROM provider_callback WHERE state = 'HELD' " + "AND message_id IN (" + in
                        + ")",
                row -> row.getLong(1),
                messageIds.toArray());
        int applied = 0;
        for (long messageId : withHeld) {
            applied += applyHeldFor(messageId);
        }
        return applied;
    }

    /** Applies the held events of one message that its current status now allows, in the order they can follow. */
    private int applyHeldFor(Connection c, long messageId) throws SQLException {
        int applied = 0;
        boolean progress = true;
        while (progress) {
            progress = false;
            List<Map<String, String>> held = Db.query(
                    c,
                    "SELECT status, provider_status, details FROM provider_callback "
                            + "WHERE message_id = ? AND state = 'HELD' ORDER BY id FOR UPDATE",
                    r -> Map.of(
                            "status",
                            r.getString(1),
                            "provider",
                            r.getString(2) == null ? "" : r.getString(2),
                            "details",
                            r.getString(3) == null ? "" : r.getString(3)),
                    messageId);
            for (Map<String, String> event : held) {
                // Applied with what it was received with (events held before details were kept: the provider status).
                String details = event.get("details").isEmpty()
                        ? "360nrs status " + event.get("provider")
                        : event.get("details");
                if ("applied".equals(applyOne(c, messageId, MessageStatus.valueOf(event.get("status")), details))) {
                    applied++;
                    progress = true;
                }
            }
        }
        return applied;
    }

    private String applyOne(Connection c, long messageId, MessageStatus status, String details) throws SQLException {
        CallbackOutcome outcome = messages.applyProviderStatus(c, messageId, status, Instant.now(), details);
        String state = switch (outcome) {
            case APPLIED -> "APPLIED";
            case HELD -> "HELD";
            case DUPLICATE -> "DUPLICATE";
            case NOT_APPLICABLE, UNKNOWN_MESSAGE -> "DISCARDED";
        };
        Db.update(
                c,
                "UPDATE provider_callback SET state = ?, applied_at = CASE WHEN ? THEN CURRENT_TIMESTAMP ELSE applied_at END "
                        + "WHERE message_id = ? AND status = ?",
                state,
                outcome == CallbackOutcome.APPLIED,
                messageId,
                status.name());
        return outcome.name().toLowerCase(Locale.ROOT);
    }
}
