package com.nrsconnector.unsubscribe;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.nrsconnector.messaging.MessageRecord;
import com.nrsconnector.messaging.MessageStatus;
import com.nrsconnector.messaging.ProviderEventInbox;

/**
 * What an opt-out does, however the recipient asked for it (the unsubscribe page's confirmation, an opt-out keyword in a
 * reply): records the opt-out of the message's number on its channel for its portal, queues the contact's opt-out
 * property for HubSpot (both in {@link OptOutStore}), and raises UNSUBSCRIBED on the message whose opt-out was recorded
 * first, through the status machine (after DELIVERED; held until then). Idempotent: asked again, it changes nothing.
 */
@ApplicationScoped
public class SmsOptOut {

    private static final Logger LOG = Logger.getLogger(SmsOptOut.class);

    @Inject
    OptOutStore optOuts;

    @Inject
    ProviderEventInbox inbox;

    /**
     * @param source  how the number opted out, kept with the opt-out and named in the reason of the sends it refuses
     *                ("unsubscribe link", "reply BAJA")
     * @param raw     what the request carried, kept with the UNSUBSCRIBED event
     * @param details what the timeline event says
     */
    public OptOutStore.OptOut optOut(MessageRecord message, String source, String raw, String details) {
        OptOutStore.OptOut optOut = optOuts.record(
                message.portalId(), message.channel(), message.phone(), message.contactId(), message.id(), source);
        // Raised on the message whose opt-out was recorded first; a repeat is a duplicate and writes nothing.
        String event = inbox.record(optOut.messageId(), MessageStatus.UNSUBSCRIBED, "unsubscribe", raw, details);
        LOG.infof(
                "portal %d: message %d: %s opt-out (%s) %s (event on message %d: %s)",
                message.portalId(),
                message.id(),
                message.channel(),
                source,
                optOut.recordedNow() ? "recorded" : "already recorded",
                optOut.messageId(),
                event);
        return optOut;
    }
}
