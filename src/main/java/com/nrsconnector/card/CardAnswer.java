package com.nrsconnector.card;

import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the contact-record card shows: the contact's latest messages, newest first, and the links to the send forms
 * (each short-lived and good for one send).
 */
@RegisterForReflection
public record CardAnswer(long portalId, String contactId, List<Message> messages, Map<String, FormLink> forms) {

    /** One message to the contact: its latest status, and the reason when it was not sent or not delivered. */
    @RegisterForReflection
    public record Message(
            long id,
            String channel,
            String sender,
            String campaignName,
            String createdAt,
            String status,
            String reason) {}

    /** A send form's link; it cannot be used after {@code expiresAt}. */
    @RegisterForReflection
    public record FormLink(String url, String expiresAt) {
        @Override
        public String toString() {
            return "FormLink[expiresAt=" + expiresAt + "]";
        }
    }
}
