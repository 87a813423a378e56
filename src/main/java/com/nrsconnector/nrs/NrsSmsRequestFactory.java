package com.nrsconnector.nrs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.config.Urls;
import com.nrsconnector.messaging.SendQueue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a 360nrs request needs: the request's sends ({@link SendGroup}), account and endpoint as exchange properties,
 * and the request itself as a map that routes/nrs-sms-request.yaml may change (add, rename or remove fields) before
 * Jackson writes it as JSON.
 */
@ApplicationScoped
@Named("nrsSmsRequestFactory")
@RegisterForReflection
public class NrsSmsRequestFactory {

    private static final Logger LOG = Logger.getLogger(NrsSmsRequestFactory.class);

    /** The request's sends, a {@link SendGroup} (named as when a request carried one send). */
    public static final String PREPARED_SEND = "preparedSend";
    /** How many recipients (sends) the request carries: what a send rate counts. */
    public static final String RECIPIENT_COUNT = "nrsRecipientCount";
    /** Set on the exchange just before the request to 360nrs is made: from then on a failure is never retried. */
    public static final String REQUEST_STARTED = "nrsRequestStarted";

    @Inject
    ConnectorConfig config;

    @Inject
    SendQueue queue;

    /**
     * Route step: keeps the request's sends on the exchange, with the values the gate, the circuit breaker and the request route use:
     * preparedSend (the {@link SendGroup}), messageId (the request's reference, its lowest message id), nrsChannel,
     * nrsAccount, nrsRecipientCount, nrsTo (the numbers), nrsBaseUrl and nrsAuthorization.
     */
    public void describe(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        SendGroup request = body instanceof PreparedSend single
                ? SendGroup.of(single)
                : exchange.getMessage().getBody(SendGroup.class);
        exchange.setProperty(PREPARED_SEND, request);
        exchange.setProperty("messageId", request.messageId());
        exchange.setProperty("nrsChannel", request.channel().name());
        exchange.setProperty("nrsAccount", request.nrsUsername());
        exchange.setProperty(RECIPIENT_COUNT, request.size());
        exchange.setProperty("nrsTo", request.numbers());
        exchange.setProperty("nrsBaseUrl", Urls.join(config.nrs().apiBaseUrl(), ""));
        exchange.setProperty(
                "nrsAuthorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((request.nrsUsername() + ":" + request.nrsApiPassword())
                                        .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Route step, right before 360nrs is called: marks the request's sends in flight (one statement) and stamps each
     * with the request and its number. Those this instance no longer holds (their lease ran out and another took them
     * over, or they are in flight already) are dropped from the request, never sent from here. When none is left the
     * exchange stops here (as the stop EIP would) and the answer is false. Otherwise the exchange describes the request
     * with only those and records that the request started ({@link #REQUEST_STARTED}): from here a
     * failure may mean 360nrs took it, so it is never resent. Both are done here, not by route steps, so that no edit
     * of the send route can send what is not held or make a started request look unsent.
     */
    public boolean markInFlight(Exchange exchange) {
        SendGroup request = exchange.getProperty(PREPARED_SEND, SendGroup.class);
        List<Long> held = queue.markRequestInFlight(request.numbersById());
        for (long id : request.messageIds()) {
            if (!held.contains(id)) {
                LOG.warnf("message %d is no longer held here; not sent", id);
            }
        }
        Optional<SendGroup> left = request.only(held);
        if (left.isEmpty()) {
            exchange.setRouteStop(true);
            return false;
        }
        exchange.setProperty(REQUEST_STARTED, true);
        if (left.get().size() != request.size()) {
            exchange.setProperty(PREPARED_SEND, left.get());
            exchange.setProperty("messageId", left.get().messageId());
            exchange.setProperty(RECIPIENT_COUNT, left.get().size());
            exchange.setProperty("nrsTo", left.get().numbers());
        }
        return true;
    }

    /** Route step: the body of POST /sms, as 360nrs documents it: every number of the request in {@code to}. */
    public Map<String, Object> request(@ExchangeProperty(PREPARED_SEND) SendGroup request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("to", request.numbers());
        body.put("from", request.sender());
        body.put("message", request.details().text());
        body.put("encoding", request.details().encoding());
        body.put("parts", request.maxParts());
        body.put("campaignName", request.details().campaignName());
        body.put("notificationUrl", request.notificationUrl());
        return body;
    }
}
