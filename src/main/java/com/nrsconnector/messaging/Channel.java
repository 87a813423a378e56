package com.nrsconnector.messaging;

import java.util.EnumSet;
import java.util.Set;

/** The 360nrs channel a campaign sends on; its name appears in default campaign names and in event types. */
public enum Channel {
    SMS,
    VOICE;

    /** The statuses a message on this channel raises as events (SMS_SENT, VOICE_DELIVERED, ...). */
    public Set<MessageStatus> eventStatuses() {
        return switch (this) {
            case SMS ->
                EnumSet.of(
                        MessageStatus.SENT,
                        MessageStatus.NOT_SENT,
                        MessageStatus.DELIVERED,
                        MessageStatus.NOT_DELIVERED,
                        MessageStatus.CLICKED,
                        MessageStatus.RESPONSE,
                        MessageStatus.UNSUBSCRIBED);
            case VOICE ->
                EnumSet.of(
                        MessageStatus.SENT,
                        MessageStatus.NOT_SENT,
                        MessageStatus.DELIVERED,
                        MessageStatus.NOT_DELIVERED,
                        MessageStatus.KEY_PRESSED,
                        MessageStatus.UNSUBSCRIBED);
        };
    }
}
