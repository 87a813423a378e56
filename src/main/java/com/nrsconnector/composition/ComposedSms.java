package com.nrsconnector.composition;

import com.nrsconnector.encoding.SmsAnalysis;
import com.nrsconnector.messaging.SmsSendDetails;

/** The final text of one recipient's SMS and its number, or why it cannot be sent. */
public record ComposedSms(SmsSendDetails details, SmsAnalysis analysis, String failureReason) {

    public boolean sendable() {
        return failureReason == null;
    }
}
