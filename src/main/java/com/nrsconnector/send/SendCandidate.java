package com.nrsconnector.send;

import java.util.Map;
import java.util.Optional;

import com.nrsconnector.messaging.MessageRecord;
import com.nrsconnector.nrs.PreparedSend;
import com.nrsconnector.store.Portal;

/**
 * A claimed send on its way through the dispatcher's steps: its message, its portal as found when the batch was
 * loaded (empty if it no longer exists), the contact properties gathered so far, and the prepared SMS once composed.
 */
public final class SendCandidate {

    private final MessageRecord message;
    private Optional<Portal> portal;
    private Map<String, String> contact;
    private PreparedSend prepared;

    public SendCandidate(MessageRecord message, Optional<Portal> portal) {
        this.message = message;
        this.portal = portal;
        this.contact = message.contactProperties();
    }

    public MessageRecord message() {
        return message;
    }

    public Optional<Portal> portal() {
        return portal;
    }

    /** The portal may have been disconnected while the batch was on its way (e.g. a token refresh found it uninstalled). */
    void portal(Optional<Portal> refreshed) {
        this.portal = refreshed;
    }

    public boolean portalConnected() {
        return portal.map(Portal::connected).orElse(false);
    }

    public Map<String, String> contact() {
        return contact;
    }

    void contact(Map<String, String> properties) {
        this.contact = properties;
    }

    public PreparedSend prepared() {
        return prepared;
    }

    void prepared(PreparedSend sms) {
        this.prepared = sms;
    }

    /** Without the contact's data or the prepared SMS: a candidate can end up in a log line. */
    @Override
    public String toString() {
        return "SendCandidate[messageId=" + message.id() + ", portalId=" + message.portalId() + ", prepared="
                + (prepared != null) + "]";
    }
}
