package com.nrsconnector.nrs;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import com.nrsconnector.api.JsonAnswer;
import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.MessageStatus;
import com.nrsconnector.messaging.ProviderEventInbox;
import com.nrsconnector.security.CallbackSigner;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Takes 360nrs delivery reports (the notification URL's GET with ref, sig and the %d status), checks that the
 * reference is signed by this connector, maps the status and hands it to the {@link ProviderEventInbox} — a report
 * can overtake the send's own answer, and reports are sometimes repeated.
 */
@ApplicationScoped
@Named("deliveryReportReceiver")
@RegisterForReflection
public class DeliveryReportReceiver {

    private static final Logger LOG = Logger.getLogger(DeliveryReportReceiver.class);

    @Inject
    ProviderEventInbox inbox;

    @Inject
    JsonAnswer answer;

    @Inject
    CallbackSigner signer;

    @Inject
    ConnectorConfig config;

    public void receive(Exchange exchange) {
        String ref = exchange.getMessage().getHeader("ref", String.class);
        String sig = exchange.getMessage().getHeader("sig", String.class);
        String providerStatus = exchange.getMessage().getHeader("status", String.class);
        long messageId;
        try {
            messageId = Long.parseLong(ref == null ? "" : ref.trim());
        } catch (NumberFormatException e) {
            throw RequestRejectedException.badRequest("ref", "ref must be the connector's message reference");
        }
        if (!signer.verify("dlr", messageId, sig)) {
            throw RequestRejectedException.unauthorized("the callback signature does not match its reference");
        }
        if (providerStatus == null || providerStatus.isBlank()) {
            throw RequestRejectedException.badRequest("status", "status (the %d delivery code) is required");
        }
        String mapped = config.nrs().deliveryStatus().get(providerStatus.trim());
        if (mapped == null) {
            LOG.warnf("message %d: unknown 360nrs delivery status '%s' ignored", messageId,
                    com.nrsconnector.ops.LogText.of(providerStatus));
            answer(exchange, "ignored: unknown status " + providerStatus);
            return;
        }
        if ("IGNORE".equals(mapped)) {
            answer(exchange, "ignored: intermediate status");
            return;
        }
        MessageStatus status = MessageStatus.valueOf(mapped);
        String outcome = inbox.record(messageId, status, providerStatus.trim(),
                exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class), describe(providerStatus, exchange));
        LOG.infof("message %d: delivery report %s (%s): %s", messageId,
                com.nrsconnector.ops.LogText.of(providerStatus), status, outcome);
        answer(exchange, outcome);
    }

    private static String describe(String providerStatus, Exchange exchange) {
        String at = exchange.getMessage().getHeader("at", String.class);
        return "360nrs status " + providerStatus.trim() + (at == null || at.isBlank() ? "" : " at " + at);
    }

    private void answer(Exchange exchange, String outcome) {
        answer.write(exchange, 200, java.util.Map.of("status", outcome));
    }
}
