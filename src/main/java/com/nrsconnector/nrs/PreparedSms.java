package com.nrsconnector.nrs;

import com.nrsconnector.messaging.SmsSendDetails;

/** A message ready for 360nrs: who sends, to whom, what exactly, and on which account. */
public record PreparedSms(long messageId, long portalId, String nrsUsername, String nrsApiPassword, String sender,
        SmsSendDetails details, int maxParts, String notificationUrl) {
}
