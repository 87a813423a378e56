package com.nrsconnector.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.jboss.logging.Logger;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.messaging.MessageRecord;
import com.nrsconnector.messaging.MessageStatus;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.ops.DeadLetterStore.DeadLetter;
import com.nrsconnector.ops.DeadLetterStore.Status;
import com.nrsconnector.security.Redaction;
import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Replays dead letters, idempotently. A send goes back to the send queue as a fresh send (status PENDING, a new queue
 * row with no attempts, its history kept) unless it was meanwhile sent; one whose outcome is unknown (360nrs may have
 * accepted it) only on the operator's explicit word. Other routes get the stored body and headers back on their
 * {@code from} endpoint where that is an in-process one; HTTP-facing and timer routes cannot be replayed (the caller
 * retries, the timer runs again). Every replay is recorded on the dead letter: when, by whom, outcome.
 */
@ApplicationScoped
@RegisterForReflection
public class DeadLetterReplay {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);

    /** What a replay did. */
    public enum Outcome {
        /** The message went back to the send queue and will be sent once by the dispatcher. */
        REQUEUED,
        /** The message was sent meanwhile: nothing was sent. */
        ALREADY_SENT,
        /** The message is waiting in the send queue already (replayed before): nothing more was queued. */
        ALREADY_QUEUED,
        /** The stored exchange was handed to its route again and went through. */
        RESENT,
        /** The stored exchange was handed to its route again and failed again. */
        FAILED
    }

    public record Result(long deadLetterId, String outcome, String message, String status) {}

    public record BulkResult(int replayed, int limit, List<Object> results) {}

    @Inject
    Db db;

    @Inject
    DeadLetterStore store;

    @Inject
    CamelContext camel;

    @Inject
    SendQueue queue;

    @Inject
    MessageStore messages;

    private final AtomicBoolean bulkRunning = new AtomicBoolean();

    /** Replays one dead letter; refusals (unknown, discarded, not replayable, outcome unknown) are thrown. */
    public Result replay(long id, String by, boolean confirmUnknownOutcome) {
        DeadLetter letter = store.find(id).orElseThrow(() -> RequestRejectedException.notFound("no dead letter " + id));
        if (Status.DISCARDED.name().equals(letter.status())) {
            throw conflict("dead letter " + id + " was discarded and is kept for audit only; it cannot be replayed");
        }
        if (letter.messageId() != null && isSendRoute(letter.routeId())) {
            return replaySend(letter, by, confirmUnknownOutcome);
        }
        return resend(letter, by);
    }

    /**
     * Replays the open dead letters that match, oldest first, at most the configured batch size per call and one bulk
     * call at a time. A refusal of one is reported with it and does not stop the others.
     */
    public BulkResult replayMatching(
            DeadLetterStore.Filter filter, int limit, String by, boolean confirmUnknownOutcome) {
        if (!bulkRunning.compareAndSet(false, true)) {
            throw new RequestRejectedException(
                    429, "another bulk replay is under way; try again when it is done", null);
        }
        try {
            List<Object> results = new ArrayList<>();
            int replayed = 0;
            for (long id : store.openIds(filter, limit)) {
                try {
                    Result result = replay(id, by, confirmUnknownOutcome);
                    results.add(result);
                    replayed++;
                } catch (RequestRejectedException refused) {
                    Map<String, Object> refusal = new LinkedHashMap<>();
                    refusal.put("deadLetterId", id);
                    refusal.put("outcome", "REFUSED");
                    refusal.put("message", refused.getMessage());
                    results.add(refusal);
                }
            }
            return new BulkResult(replayed, limit, results);
        } finally {
            bulkRunning.set(false);
        }
    }

    private static boolean isSendRoute(String routeId) {
        return DeadLetterStore.SEND_ROUTE.equals(routeId) || "send-dispatcher".equals(routeId);
    }

    private Result replaySend(DeadLetter letter, String by, boolean confirmUnknownOutcome) {
        if (letter.outcomeUnknown() && !confirmUnknownOutcome) {
            throw conflict("360nrs may have accepted message " + letter.messageId() + " (the outcome is unknown): "
                    + "replaying it may deliver it twice. Check 360nrs, then replay with confirmUnknownOutcome=true "
                    + "if it was not received");
        }
        Result result = db.inTransaction(c -> {
            DeadLetter locked = store.lockForReplay(c, letter.id()).orElseThrow();
            if (Status.DISCARDED.name().equals(locked.status())) {
                throw conflict("dead letter " + letter.id() + " was discarded meanwhile; it cannot be replayed");
            }
            Outcome outcome = requeueForReplay(c, letter.messageId());
            String message = switch (outcome) {
                case REQUEUED -> "message " + letter.messageId() + " is back in the send queue and will be sent once";
                case ALREADY_SENT -> "message " + letter.messageId() + " was sent meanwhile; nothing was sent";
                case ALREADY_QUEUED ->
                    "message " + letter.messageId() + " is already waiting in the send queue; "
                            + "nothing more was queued";
                default -> throw new IllegalStateException(outcome.name());
            };
            store.recordReplay(c, letter.id(), by, outcome.name(), message, Status.REPLAYED);
            return new Result(letter.id(), outcome.name(), message, Status.REPLAYED.name());
        });
        LOG.infof("dead letter %d replayed by %s: %s", letter.id(), LogText.of(by), result.outcome());
        return result;
    }

    /**
     * Puts the message back on the send queue, in the caller's transaction: a held send (still PENDING) with fresh
     * attempts, one settled NOT_SENT as a fresh send whose unsent workflow completion is withdrawn
     * ({@link MessageStore#reopenNotSent}); one that was sent is left alone.
     */
    Outcome requeueForReplay(Connection c, long messageId) throws SQLException {
        MessageRecord message = messages.lock(c, messageId)
                .orElseThrow(() -> conflict("message " + messageId + " no longer exists; nothing can be replayed"));
        if (message.status() == MessageStatus.PENDING) {
            // Dead-lettered and held for a replay (still PENDING): it goes again now, with fresh attempts.
            return queue.releaseHeld(c, messageId) ? Outcome.REQUEUED : Outcome.ALREADY_QUEUED;
        }
        return messages.reopenNotSent(c, messageId) ? Outcome.REQUEUED : Outcome.ALREADY_SENT;
    }

    private Result resend(DeadLetter letter, String by) {
        Route route = letter.routeId() == null ? null : camel.getRoute(letter.routeId());
        if (route == null) {
            throw conflict("route " + letter.routeId() + " does not exist (any more); dead letter " + letter.id()
                    + " cannot be replayed");
        }
        String from = route.getEndpoint().getEndpointUri();
        String scheme = from.contains(":") ? from.substring(0, from.indexOf(':')) : from;
        if (!scheme.equals("direct") && !scheme.equals("seda")) {
            throw conflict("route " + letter.routeId() + " is not replayable: it starts from " + scheme
                    + (scheme.startsWith("platform-http")
                            ? " (an HTTP request: its caller retries)"
                            : scheme.equals("timer") ? " (it runs again on its own schedule)" : ""));
        }
        // Credentials were masked when the dead letter was stored; their masks are not sent.
        ProducerTemplate producer = camel.createProducerTemplate();
        Exchange sent;
        try {
            sent = producer.send(from, exchange -> {
                exchange.getMessage().setBody(letter.body());
                letter.headers().forEach((name, value) -> {
                    if (!name.startsWith("Camel") && !Redaction.isCredentialHeader(name)) {
                        exchange.getMessage().setHeader(name, value);
                    }
                });
            });
        } finally {
            try {
                producer.stop();
            } catch (Exception e) {
                LOG.debugf("producer template did not stop cleanly: %s", e);
            }
        }
        Throwable failure = sent.getException() != null
                ? sent.getException()
                : sent.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Outcome outcome = failure == null ? Outcome.RESENT : Outcome.FAILED;
        String message = failure == null
                ? "handed to route " + letter.routeId() + " again (" + scheme + ")"
                : "route " + letter.routeId() + " failed again: " + failure;
        Status status = failure == null ? Status.REPLAYED : Status.OPEN;
        db.inTransaction(c -> {
            store.recordReplay(c, letter.id(), by, outcome.name(), message, status);
            return null;
        });
        LOG.infof("dead letter %d replayed by %s: %s", letter.id(), LogText.of(by), outcome);
        return new Result(letter.id(), outcome.name(), Redaction.text(message), status.name());
    }

    private static RequestRejectedException conflict(String message) {
        return new RequestRejectedException(409, message, null);
    }
}
