package com.nrsconnector.send;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.ProviderEventInbox;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.nrs.NrsRequestResult;
import com.nrsconnector.nrs.NrsSendResult;
import com.nrsconnector.nrs.NrsSmsRequestFactory;
import com.nrsconnector.nrs.PreparedSend;
import com.nrsconnector.nrs.SendGroup;
import com.nrsconnector.nrs.TransientProviderException;
import com.nrsconnector.ops.DeadLetterStore;
import com.nrsconnector.ops.LogText;

import io.quarkus.runtime.annotations.RegisterForReflection;

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
 * A request may carry several sends ({@link SendGroup}): its answer settles each on its own, in one transaction, and a
 * failure of the whole request applies these rules to each of its sends. Attempts are counted in the database when a
 * send is claimed, so no route step can reset them.
 */
@ApplicationScoped
@Named("sendOutcome")
@RegisterForReflection
public class SendOutcome {

    private static final Logger LOG = Logger.getLogger(SendOutcome.class);

    static final String RESULT = "nrsResult";
    private static final String ROUTE = "send-request";

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

    /**
     * Route step: 360nrs answered the request; each recipient is settled on its own, all in one transaction:
     * accepted -> SENT with its 360nrs id, refused -> NOT_SENT with 360nrs's reason for it, no result for it ->
     * NOT_SENT as unknown, with a dead letter (it may have been accepted: never requested again). Delivery reports
     * that overtook the answer are applied then.
     */
    public void recordResult(Exchange exchange) {
        SendGroup request = request(exchange);
        NrsRequestResult result = exchange.getMessage().getBody(NrsRequestResult.class);
        exchange.setProperty(RESULT, result);
        List<PreparedSend> recipients = request.recipients();
        List<Long> unknownIds = new ArrayList<>();
        List<MessageStore.SendSettlement> settlements = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            PreparedSend sms = recipients.get(i);
            NrsSendResult outcome = result.of(i);
            if (outcome.accepted()) {
                settlements.add(
                        MessageStore.SendSettlement.sent(sms.messageId(), outcome.providerMessageId(), sms.details()));
            } else if (outcome.outcomeUnknown()) {
                unknownIds.add(sms.messageId());
                settlements.add(MessageStore.SendSettlement.notSent(
                        sms.messageId(), unknownReason(outcome.reason()), sms.details()));
            } else {
                settlements.add(MessageStore.SendSettlement.notSent(sms.messageId(), outcome.reason(), sms.details()));
            }
        }
        // Read before settling: settling takes the sends off the queue.
        Map<Long, Integer> attempts = queue.attemptsOf(unknownIds);
        Set<Long> settled = messages.settle(settlements, Instant.now());
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            PreparedSend sms = recipients.get(i);
            NrsSendResult outcome = result.of(i);
            if (!settled.contains(sms.messageId())) {
                continue;
            }
            if (outcome.accepted()) {
                sent.add(sms.messageId());
                if (recipients.size() > 1) {
                    LOG.debugf(
                            "message %d sent, 360nrs id %s", sms.messageId(), LogText.of(outcome.providerMessageId()));
                }
            } else if (outcome.outcomeUnknown()) {
                String reason = unknownReason(outcome.reason());
                // The dead letter logs it.
                deadLetters.record(
                        ROUTE,
                        endpoint(sms.channel()),
                        payload(sms, request),
                        headers(sms, request),
                        reason,
                        attempts.getOrDefault(sms.messageId(), 0),
                        sms.messageId());
            } else {
                LOG.infof("message %d not sent: %s", sms.messageId(), LogText.of(outcome.reason()));
            }
        }
        // A delivery report can overtake the request's own answer; it was held until now.
        inbox.applyHeldForAll(sent);
        if (recipients.size() == 1 && sent.size() == 1) {
            LOG.infof(
                    "message %d sent, 360nrs id %s",
                    request.messageId(), LogText.of(result.of(0).providerMessageId()));
        } else if (!sent.isEmpty()) {
            LOG.infof("request %d: %d of %d message(s) sent", request.messageId(), sent.size(), recipients.size());
        }
    }

    /**
     * Route step for sends a route decides not to make (e.g. a filter in routes/send-pipeline.yaml): every send of the
     * request is settled NOT_SENT with the reason, through the same path as any other refusal, in one transaction.
     * Only before the request is started.
     */
    public void skip(SendGroup request, String reason) {
        String why = reason == null || reason.isBlank() ? "skipped by the send pipeline" : reason.trim();
        List<MessageStore.SendSettlement> settlements = request.recipients().stream()
                .map(sms -> MessageStore.SendSettlement.notSent(sms.messageId(), why, sms.details()))
                .toList();
        Set<Long> settled = messages.settle(settlements, Instant.now());
        if (!settled.isEmpty()) {
            LOG.infof(
                    "%s not sent: %s",
                    settled.size() == 1
                            ? "message " + settled.iterator().next()
                            : settled.size() + " messages of request " + request.messageId(),
                    LogText.of(why));
        }
    }

    /**
     * The account's circuit breaker let no call through (open, or its half-open probe already under way): no call was
     * made, so the request's sends wait in the queue until the breaker half-opens, and the attempt does not count.
     */
    public void breakerOpen(Exchange exchange) {
        SendGroup request = request(exchange);
        Duration wait = breakers.waitFor(request.nrsUsername())
                .orElse(config.dispatcher().initialBackoff());
        queue.releaseAll(request.messageIds(), wait);
        LOG.debugf(
                "request %d (%d message(s)): the 360nrs circuit breaker of its account is open, send postponed by %s",
                request.messageId(), request.size(), wait);
    }

    /**
     * Route step of the doCatch: the request failed as a whole. Each of its sends keeps the rules of a single send:
     * requested again only when nothing can have reached 360nrs; settled as unknown (never resent) otherwise; recorded
     * again when only recording the answer failed.
     */
    public void recordFailure(Exchange exchange) {
        SendGroup request = request(exchange);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String description = describe(error);
        NrsRequestResult result = exchange.getProperty(RESULT, NrsRequestResult.class);
        if (result != null) {
            // 360nrs answered and only recording the answer failed: record it again, never ask 360nrs again.
            recordAnswerAgain(request, result, description);
            return;
        }
        if (!exchange.getProperty(NrsSmsRequestFactory.REQUEST_STARTED, false, Boolean.class)
                || provesNotAccepted(error)) {
            if (request.size() == 1) {
                PreparedSend sms = request.first();
                retryOrGiveUp(
                        sms.messageId(),
                        sms.portalId(),
                        endpoint(sms.channel()),
                        payload(sms, request),
                        description,
                        null);
                return;
            }
            retryOrGiveUp(request, description);
            return;
        }
        String what = "360nrs received the request but gave no usable answer (" + description + ")";
        if (request.size() == 1) {
            outcomeUnknown(
                    request.messageId(),
                    request.portalId(),
                    request.first().channel(),
                    payload(request.first(), request),
                    what);
            return;
        }
        outcomeUnknown(request, what);
    }

    /** {@link #retryOrGiveUp(long, long, String, String, String, Duration)} for each send of a request, logged once. */
    private void retryOrGiveUp(SendGroup request, String error) {
        Map<Long, Integer> attempts = queue.attemptsOf(request.messageIds());
        int held = 0;
        for (PreparedSend sms : request.recipients()) {
            int used = attempts.getOrDefault(sms.messageId(), 0);
            if (queue.attemptsExhausted(used)) {
                holdAsDeadLetter(
                        sms.messageId(), sms.portalId(), endpoint(sms.channel()), payload(sms, request), error, used);
                held++;
            } else {
                queue.retryLater(sms.messageId(), queue.backoff(used), error);
            }
        }
        LOG.warnf(
                "request %d (%d messages): attempt failed (%s); %d retried later, %d out of attempts",
                request.messageId(), request.size(), LogText.of(error), request.size() - held, held);
    }

    /** {@link #outcomeUnknown(long, Long, Channel, String, String)} for every send of a request, settled in one transaction. */
    private void outcomeUnknown(SendGroup request, String what) {
        String reason = unknownReason(what);
        Map<Long, Integer> attempts = queue.attemptsOf(request.messageIds());
        Set<Long> settled = messages.settle(
                request.recipients().stream()
                        .map(sms -> MessageStore.SendSettlement.notSent(sms.messageId(), reason, null))
                        .toList(),
                Instant.now());
        // Each dead letter logs its message.
        for (PreparedSend sms : request.recipients()) {
            if (settled.contains(sms.messageId())) {
                deadLetters.record(
                        ROUTE,
                        endpoint(sms.channel()),
                        payload(sms, request),
                        headers(sms, request),
                        reason,
                        attempts.getOrDefault(sms.messageId(), 0),
                        sms.messageId());
            }
        }
    }

    /**
     * Back to the queue with exponential backoff, or, once the attempts have run out, a dead letter that waits for an
     * operator: the message stays PENDING (no SMS_NOT_SENT yet, the workflow still waits) for
     * connector.dispatcher.dead-letter-hold, so that a replay after the outage is its first and only outcome. If nobody
     * replays it by then, the quarantine step settles it NOT_SENT. For failures that prove nothing was sent: before the
     * request, connection refused, 5xx, 429.
     */
    public void retryOrGiveUp(
            long messageId, long portalId, String what, String payload, String error, Duration retryAfter) {
        int attempts = queue.attempts(messageId);
        if (queue.attemptsExhausted(attempts)) {
            holdAsDeadLetter(messageId, portalId, what, payload, error, attempts);
            return;
        }
        Duration delay = retryAfter != null ? retryAfter : queue.backoff(attempts);
        queue.retryLater(messageId, delay, error);
        LOG.warnf("message %d: attempt %d failed (%s); retrying in %s", messageId, attempts, LogText.of(error), delay);
    }

    private void holdAsDeadLetter(
            long messageId, long portalId, String what, String payload, String error, int attempts) {
        Duration hold = config.dispatcher().deadLetterHold();
        String reason = what + " failed after " + attempts + " attempts: " + error;
        deadLetters.record(
                ROUTE,
                what,
                payload,
                Map.of("messageId", messageId, "portalId", portalId),
                reason,
                attempts,
                messageId);
        queue.hold(messageId, hold, reason);
    }

    /** The reason of a send whose outcome is unknown; the dead letter is marked as such from this wording. */
    private static String unknownReason(String what) {
        return what + "; " + DeadLetterStore.OUTCOME_UNKNOWN + ", so the message was not sent again (check "
                + "360nrs, then replay the dead letter if it was not received)";
    }

    /**
     * 360nrs may have accepted the message and offers no way to ask: sending again could deliver it twice, so it is
     * settled as NOT_SENT and kept as a dead letter for an operator to check and replay.
     */
    public void outcomeUnknown(long messageId, Long portalId, Channel channel, String payload, String what) {
        // The dead letter is marked as such from this wording: replaying it needs the operator's explicit word.
        String reason = unknownReason(what);
        int attempts = queue.attempts(messageId);
        if (messages.markNotSent(messageId, reason, null, Instant.now())) {
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put("messageId", messageId);
            if (portalId != null) {
                headers.put("portalId", portalId);
            }
            deadLetters.record(ROUTE, endpoint(channel), payload, headers, reason, attempts, messageId);
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
            outcomeUnknown(
                    send.messageId(),
                    null,
                    send.channel(),
                    payload,
                    "the connector stopped or failed while 360nrs was being called");
            return;
        }
        if (send.held()) {
            // Its dead letter was recorded when its attempts ran out; nobody replayed it in time.
            messages.markNotSent(
                    send.messageId(),
                    send.lastError() + "; not replayed within "
                            + config.dispatcher().deadLetterHold(),
                    null,
                    Instant.now());
            return;
        }
        String reason = "the message could not be processed after " + send.attempts() + " attempts";
        if (messages.markNotSent(send.messageId(), reason, null, Instant.now())) {
            deadLetters.record(
                    ROUTE,
                    "send queue",
                    payload,
                    Map.of("messageId", send.messageId()),
                    reason,
                    send.attempts(),
                    send.messageId());
        }
    }

    private void recordAnswerAgain(SendGroup request, NrsRequestResult result, String error) {
        LOG.warnf(
                "request %d (%d message(s)): 360nrs answered but recording it failed (%s); recording each on its "
                        + "own",
                request.messageId(), request.size(), LogText.of(error));
        List<PreparedSend> recipients = request.recipients();
        for (int i = 0; i < recipients.size(); i++) {
            PreparedSend sms = recipients.get(i);
            NrsSendResult outcome = result.of(i);
            if (outcome.outcomeUnknown()) {
                outcomeUnknown(sms.messageId(), sms.portalId(), sms.channel(), payload(sms, request), outcome.reason());
                continue;
            }
            boolean recorded;
            if (outcome.accepted()) {
                recorded = markSentOnItsOwn(sms, outcome.providerMessageId(), request.size());
            } else {
                recorded = messages.markNotSent(sms.messageId(), outcome.reason(), null, Instant.now());
            }
            if (outcome.accepted() && recorded) {
                inbox.applyHeldFor(sms.messageId());
            }
        }
        // If this failed too, the exception reaches the route's error handler; the sends stay marked in flight, so
        // whoever takes them over settles them as unknown instead of sending them again.
    }

    /**
     * SENT for one message of a request whose recording as a whole failed: with its details (only the request's
     * transaction may have failed, e.g. a lock conflict), or, if that fails too, without the text (what a database
     * refusing the text still takes). A single send goes without the text at once, as that is what failed.
     */
    private boolean markSentOnItsOwn(PreparedSend sms, String providerMessageId, int requestSize) {
        if (requestSize > 1) {
            try {
                return messages.markSent(sms.messageId(), providerMessageId, sms.details(), Instant.now());
            } catch (RuntimeException e) {
                LOG.warnf(
                        "message %d: recording it as sent failed (%s); recording it without the text",
                        sms.messageId(), LogText.of(e.toString()));
            }
        }
        return messages.markSent(
                sms.messageId(), providerMessageId, sms.details().withoutText(), Instant.now());
    }

    /** True when the failure shows that 360nrs cannot have taken the message. */
    static boolean provesNotAccepted(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientProviderException provider) {
                return !provider.mayHaveBeenAccepted();
            }
            // The connection was never made (a read timeout, by contrast, proves nothing).
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static SendGroup request(Exchange exchange) {
        return exchange.getProperty(NrsSmsRequestFactory.PREPARED_SEND, SendGroup.class);
    }

    private static Map<String, Object> headers(PreparedSend sms, SendGroup request) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("messageId", sms.messageId());
        headers.put("portalId", sms.portalId());
        headers.put("requestRef", request.messageId());
        return headers;
    }

    /**
     * What the dead letter keeps of a send: enough to check 360nrs (the request it went in, with how many recipients)
     * and replay it, and no credentials.
     */
    private String payload(PreparedSend sms, SendGroup request) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("messageId", sms.messageId());
        if (request.size() > 1) {
            payload.put("requestRef", request.messageId());
            payload.put("requestRecipients", request.size());
        }
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

    /** The 360nrs call a dead letter names: voice and interactive calls go to POST /voice, SMS to POST /sms. */
    static String endpoint(Channel channel) {
        return channel == Channel.VOICE ? "360nrs POST /voice" : "360nrs POST /sms";
    }
}
