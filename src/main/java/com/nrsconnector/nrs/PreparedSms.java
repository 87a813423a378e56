package com.nrsconnector.nrs;

import com.nrsconnector.messaging.SmsSendDetails;
import com.nrsconnector.security.Redaction;

/** A message ready for 360nrs: who sends, to whom, what exactly, and on which account. */
public record PreparedSms(long messageId, long portalId, String nrsUsername, String nrsApiPassword, String sender,
        SmsSendDetails details, int maxParts, String notificationUrl) {

    /** Without the password: a prepared message can end up in a log line or a dead letter. */
    @Override
    public String toString() {
        return "PreparedSms[messageId=" + messageId + ", portalId=" + portalId + ", nrsUsername=" + nrsUsername
                + ", nrsApiPassword=" + (nrsApiPassword == null ? "null" : Redaction.MASK) + ", sender=" + sender
                + ", details=" + details + ", maxParts=" + maxParts + ", notificationUrl=" + notificationUrl + "]";
    }
}
