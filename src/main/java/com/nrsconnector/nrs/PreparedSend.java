package com.nrsconnector.nrs;

import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.SmsSendDetails;
import com.nrsconnector.security.Redaction;

/**
 * A message ready for 360nrs: who sends, to whom, what exactly, and on which account. A voice call carries its
 * {@link VoiceCall} as well (null for an SMS); its details hold the text to speak or the audio URL.
 */
public record PreparedSend(
        long messageId,
        long portalId,
        String nrsUsername,
        String nrsApiPassword,
        String sender,
        SmsSendDetails details,
        int maxParts,
        String notificationUrl,
        VoiceCall voice) {

    public PreparedSend(
            long messageId,
            long portalId,
            String nrsUsername,
            String nrsApiPassword,
            String sender,
            SmsSendDetails details,
            int maxParts,
            String notificationUrl) {
        this(messageId, portalId, nrsUsername, nrsApiPassword, sender, details, maxParts, notificationUrl, null);
    }

    /** The channel the message goes on. */
    public Channel channel() {
        return voice == null ? Channel.SMS : Channel.VOICE;
    }

    /** Without the password: a prepared message can end up in a log line or a dead letter. */
    @Override
    public String toString() {
        return "PreparedSend[messageId=" + messageId + ", portalId=" + portalId + ", nrsUsername=" + nrsUsername
                + ", nrsApiPassword=" + (nrsApiPassword == null ? "null" : Redaction.MASK) + ", sender=" + sender
                + ", details=" + details + ", maxParts=" + maxParts + ", notificationUrl=" + notificationUrl
                + (voice == null ? "" : ", voice=" + voice) + "]";
    }
}
