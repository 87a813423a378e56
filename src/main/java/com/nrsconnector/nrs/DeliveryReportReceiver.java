package com.nrsconnector.nrs;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.jboss.logging.Logger;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.messaging.MessageStatus;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.ProviderEventInbox;
import com.nrsconnector.ops.LogText;
import com.nrsconnector.security.CallbackSigner;

import io.quarkus.runtime.annotations.RegisterForReflection;

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
    CallbackSigner signer;

    @Inject
    DeliveryStatusMapping deliveryStatusMapping;

    @Inject
    MessageStore messages;

    /**
     * Route step: the reference the report carries (the request's: its lowest message id, or the message's own for
     * messages sent before requests carried several recipients), if this connector signed it; otherwise a 401.
     */
    public long verify(@Header("ref") String ref, @Header("sig") String sig) {
        long messageId;
        try {
            messageId = Long.parseLong(ref == null ? "" : ref.trim());
        } catch (NumberFormatException e) {
            throw RequestRejectedException.badRequest("ref", "ref must be the connector's message reference");
        }
        if (!signer.verify("dlr", messageId, sig)) {
            throw RequestRejectedException.unauthorized("the callback signature does not match its reference");
        }
        return messageId;
    }

    /**
     * Route step: the message the report is about: the one of the request sent to the recipient's number ({@code to},
     * 360nrs's %P), or the message whose id is the reference when nothing says otherwise (see
     * {@link MessageStore#findReported}). Null when the request has no message for that number.
     */
    public Long resolve(@ExchangeProperty("requestRef") long requestRef, @Header("to") String to) {
        return messages.findReported(requestRef, to).orElse(null);
    }

    /**
     * Route step: the provider's %d status mapped by config/delivery-status.properties, then
     * connector.nrs.delivery-status.* (IGNORE, or UNKNOWN if unmapped).
     */
    public String mapStatus(@Header("status") String providerStatus) {
        if (providerStatus == null || providerStatus.isBlank()) {
            throw RequestRejectedException.badRequest("status", "status (the %d delivery code) is required");
        }
        return deliveryStatusMapping.map(providerStatus.trim());
    }

    /** Route step: as {@link #mapStatus}, for a voice call's report ({@code voice.<code>} entries first). */
    public String mapVoiceStatus(@Header("status") String providerStatus) {
        if (providerStatus == null || providerStatus.isBlank()) {
            throw RequestRejectedException.badRequest("status", "status (the %d delivery code) is required");
        }
        return deliveryStatusMapping.mapVoice(providerStatus.trim());
    }

    /** Route step: hands a mapped report to the inbox and answers what became of it. */
    public Map<String, String> record(
            @ExchangeProperty("messageId") Long messageId,
            @ExchangeProperty("requestRef") Long requestRef,
            @ExchangeProperty("deliveryStatus") String mapped,
            @Header("status") String providerStatus,
            @Header("to") String to,
            @Header("at") String at,
            @Header(Exchange.HTTP_QUERY) String query) {
        if (messageId == null) {
            LOG.warnf(
                    "request %d: a delivery report %s ignored: the request has no message for it",
                    requestRef, to == null || to.isBlank() ? "without a number" : "for " + LogText.of(to));
            return Map.of("status", "ignored: no message of this request for that number");
        }
        if (DeliveryStatusMapping.UNKNOWN.equals(mapped)) {
            LOG.warnf("message %d: unknown 360nrs delivery status '%s' ignored", messageId, LogText.of(providerStatus));
            return Map.of("status", "ignored: unknown status " + LogText.of(providerStatus));
        }
        if (DeliveryStatusMapping.IGNORE.equals(mapped)) {
            return Map.of("status", "ignored: intermediate status");
        }
        MessageStatus status = MessageStatus.valueOf(mapped);
        String details = "360nrs status " + providerStatus.trim() + (at == null || at.isBlank() ? "" : " at " + at);
        String outcome = inbox.record(messageId, status, providerStatus.trim(), query, details);
        LOG.infof("message %d: delivery report %s (%s): %s", messageId, LogText.of(providerStatus), status, outcome);
        return Map.of("status", outcome);
    }
}
