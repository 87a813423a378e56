package com.nrsconnector.nrs;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.ProviderEventInbox;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.ops.DeadLetterStore;
import com.nrsconnector.ops.LogText;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Settles send attempts, in one place for every path of the send pipeline:
 * <ul>
 * <li>accepted becomes SENT, a permanent refusal NOT_SENT with 360nrs's reason;</li>
 * <li>a failure that proves nothing reached 360nrs (no request made, connection refused, 5xx, 429) goes back to the
 * durable queue with exponential backoff until the attempts run out, then NOT_SENT and a dead letter;</li>
 * <li>once 360nrs has accepted the message, or may have (request sent, no usable answer: read timeout, 504, a crash
 * mid-call), nothing leads to another request: the 360nrs API has no idempotency key, so the message is settled as
 * NOT_SENT with "the outcome is unknown" and a dead letter for an operator to check;</li>
 * <li>an open circuit breaker (its account's) made no call: the send waits, and the attempt does not count;</li>
 * <li>a send a route step skips on purpose is NOT_SENT with that step's reason.</li>
 * </ul>
 * Attempts are counted in the database when a send is claimed, so no route step can reset them.
 */
@ApplicationScoped
@Named("smsSendOutcome")
@RegisterForReflection
public class SmsSendOutcome {

    private static final Logger LOG = Logger.getLogger(SmsSendOutcome.class);

    /** Set on the exchange just before the request to 360nrs is made. */
    public static final String REQUEST_STARTED = "nrsRequestStarted";
    static final String RESULT = "nrsResult";
    private static final String ROUTE = "send-sms";
    private static final String ENDPOINT = "360nrs POST /sms";

    @Inject
    MessageStore messages;

    @Inject
    SendQueue queue;

    @Inject
    ProviderEventInbox inbox;

    @Inject
    DeadLetterStore deadLetters;

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    NrsCircuitBreaker breakers;

    public void recordResult(Exchange exchange) {
        PreparedSms sms = exchange.getProperty(NrsSmsRequestFactory.PREPARED_SMS, PreparedSms.class);
        NrsSendResult result = exchange.getMessage().getBody(NrsSendResult.class);
        exchange.setProperty(RESULT, result);
        if (result.accepted()) {
            messages.markSent(sms.messageId(), result.providerMessageId(), sms.details(), Instant.now());
            // A delivery report can overtake the send's own answer; it was held until now.
            inbox.applyHeldFor(sms.messageId());
            LOG.infof("message %d sent, 360nrs id %s", sms.messageId(), LogText.of(result.providerMessageId()));
        } else {
            messages.markNotSent(sms.messageId(), result.reason(), sms.details(), Instant.now());
            LOG.infof("message %d not sent: %s", sms.messageId(), LogText.of(result.reason()));
        }
    }

    /**
     * Route step for sends a route decides not to make (e.g. a filter in routes/send-pipeline.yaml): settled NOT_SENT
     * with the reason, through the same path as any other refusal. Only before the request is started.
     */
    public void skip(PreparedSms sms, String reason) {
        String why = reason == null || reason.isBlank() ? "skipped by the send pipeline" : reason.trim();
        if (messages.markNotSent(sms.messageId(), why, sms.details(), Instant.now())) {
            LOG.infof("message %d not sent: %s", sms.messageId(), LogText.of(why));
        }
    }

    /**
     * The account's circuit breaker let no call through (open, or its half-open probe already under way): no call was
     * made, so the send waits in the queue until the breaker half-opens, and the attempt does not count.
     */
    public void breakerOpen(Exchange exchange) {
        PreparedSms sms = exchange.getProperty(NrsSmsRequestFactory.PREPARED_SMS, PreparedSms.class);
        Duration wait = breakers.waitFor(sms.nrsUsername()).orElse(config.dispatcher().initialBackoff());
        queue.release(sms.messageId(), wait);
        LOG.debugf("message %d: the 360nrs circuit breaker of its account is open, send postponed by %s", sms.messageId(),
                wait);
    }

    public void recordFailure(Exchange exchange) {
        PreparedSms sms = exchange.getProperty(NrsSmsRequestFactory.PREPARED_SMS, PreparedSms.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String description = describe(error);
        NrsSendResult result = exchange.getProperty(RESULT, NrsSendResult.class);
        if (result != null) {
            // 360nrs answered and only recording the answer failed: record it again, never ask 360nrs again.
            recordAnswerAgain(sms, result, description);
            return;
        }
        if (!exchange.getProperty(REQUEST_STARTED, false, Boolean.class) || provesNotAccepted(error)) {
            retryOrGiveUp(sms.messageId(), sms.portalId(), ENDPOINT, payload(sms), description, null);
            return;
        }
        outcomeUnknown(sms.messageId(), sms.portalId(), payload(sms),
                "360nrs received the request but gave no usable answer (" + description + ")");
    }

    /**
     * Back to the queue with exponential backoff, or, once the attempts have run out, a dead letter that waits for an
     * operator: the message stays PENDING (no SMS_NOT_SENT yet, the workflow still waits) for
     * connector.dispatcher.dead-letter-hold, so that a replay after the outage is its first and only outcome. If nobody
     * replays it by then, the quarantine step settles it NOT_SENT. For failures that prove nothing was sent: before the
     * request, connection refused, 5xx, 429.
     */
    public void retryOrGiveUp(long messageId, long portalId, String what, String payload, String error,
            Duration retryAfter) {
        int attempts = queue.attempts(messageId);
        if (queue.attemptsExhausted(attempts)) {
            Duration hold = config.dispatcher().deadLetterHold();
            String reason = what + " failed after " + attempts + " attempts: " + error;
            deadLetters.record(ROUTE, what, payload, Map.of("messageId", messageId, "portalId", portalId), reason,
                    attempts, messageId);
            queue.hold(messageId, hold, reason);
            return;
        }
        Duration delay = retryAfter != null ? retryAfter : queue.backoff(attempts);
        queue.retryLater(messageId, delay, error);
        LOG.warnf("message %d: attempt %d failed (%s); retrying in %s", messageId, attempts, LogText.of(error), delay);
    }

    /**
     * 360nrs may have accepted the message and offers no way to ask: sending again could deliver it twice, so it is
     * settled as NOT_SENT and kept as a dead letter for an operator to check and replay.
     */
    public void outcomeUnknown(long messageId, Long portalId, String payload, String what) {
        // The dead letter is marked as such from this wording: replaying it needs the operator's explicit word.
        String reason = what + "; " + DeadLetterStore.OUTCOME_UNKNOWN + ", so the message was not sent again (check "
                + "360nrs, then replay the dead letter if it was not received)";
        int attempts = queue.attempts(messageId);
        if (messages.markNotSent(messageId, reason, null, Instant.now())) {
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put("messageId", messageId);
            if (portalId != null) {
                headers.put("portalId", portalId);
            }
            deadLetters.record(ROUTE, ENDPOINT, payload, headers, reason, attempts, messageId);
        }
    }

    /**
     * Route step before each claim: sends whose attempts ran out without being settled (their settling kept failing,
     * or their instance kept dying) are quarantined as dead letters, so that they never block the others.
     */
    public void quarantineAbandoned() {
        for (SendQueue.Abandoned send : queue.abandoned(config.dispatcher().batchSize())) {
            try {
                quarantine(send);
            } catch (RuntimeException e) {
                LOG.errorf("message %d: could not be quarantined (%s); set aside for an hour", send.messageId(), e);
                queue.postpone(send.messageId(), Duration.ofHours(1));
            }
        }
    }

    private void quarantine(SendQueue.Abandoned send) {
        String payload = toJson(Map.of("messageId", send.messageId()));
        if (send.inFlight()) {
            outcomeUnknown(send.messageId(), null, payload, "the connector stopped or failed while 360nrs was being called");
            return;
        }
        if (send.held()) {
            // Its dead letter was recorded when its attempts ran out; nobody replayed it in time.
            messages.markNotSent(send.messageId(), send.lastError() + "; not replayed within "
                    + config.dispatcher().deadLetterHold(), null, Instant.now());
            return;
        }
        String reason = "the message could not be processed after " + send.attempts() + " attempts";
        if (messages.markNotSent(send.messageId(), reason, null, Instant.now())) {
            deadLetters.record(ROUTE, "send queue", payload, Map.of("messageId", send.messageId()), reason,
                    send.attempts(), send.messageId());
        }
    }

    private void recordAnswerAgain(PreparedSms sms, NrsSendResult result, String error) {
        LOG.warnf("message %d: 360nrs answered but recording it failed (%s); recording it without the details",
                sms.messageId(), LogText.of(error));
        boolean recorded = result.accepted()
                ? messages.markSent(sms.messageId(), result.providerMessageId(), sms.details().withoutText(), Instant.now())
                : messages.markNotSent(sms.messageId(), result.reason(), null, Instant.now());
        if (result.accepted() && recorded) {
            inbox.applyHeldFor(sms.messageId());
        }
        // If this failed too, the exception reaches the route's error handler; the send stays marked in flight, so
        // whoever takes it over settles it as unknown instead of sending it again.
    }

    /** True when the failure shows that 360nrs cannot have taken the message. */
    static boolean provesNotAccepted(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientProviderException provider) {
                return !provider.mayHaveBeenAccepted();
            }
            // The connection was never made (a read timeout, by contrast, proves nothing).
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** What the dead letter keeps of a send: enough to check 360nrs and replay it, and no credentials. */
    private String payload(PreparedSms sms) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("messageId", sms.messageId());
        payload.put("portalId", sms.portalId());
        payload.put("to", sms.details().phone());
        payload.put("from", sms.sender());
        payload.put("campaignName", sms.details().campaignName());
        payload.put("message", sms.details().text());
        return toJson(payload);
    }

    private String toJson(Map<String, ?> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? error.toString() : error + " (cause: " + root + ")";
    }
}
