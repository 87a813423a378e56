package com.nrsconnector.messaging;

import java.util.EnumSet;
import java.util.Set;

/**
 * A message's status and the order the seed's timelines follow: DELIVERED / NOT_DELIVERED only after SENT, CLICKED /
 * RESPONSE / UNSUBSCRIBED / KEY_PRESSED (a key pressed during an interactive call) only after DELIVERED. NOT_SENT and
 * NOT_DELIVERED are final.
 */
public enum MessageStatus {
    PENDING,
    SENT,
    NOT_SENT,
    DELIVERED,
    NOT_DELIVERED,
    CLICKED,
    RESPONSE,
    UNSUBSCRIBED,
    KEY_PRESSED;

    /** The status a message must be in (or have passed) before this one can be recorded. */
    public Set<MessageStatus> predecessors() {
        return switch (this) {
            case PENDING -> EnumSet.noneOf(MessageStatus.class);
            case SENT, NOT_SENT -> EnumSet.of(PENDING);
            case DELIVERED, NOT_DELIVERED -> EnumSet.of(SENT);
            case CLICKED, RESPONSE, UNSUBSCRIBED, KEY_PRESSED -> EnumSet.of(DELIVERED, CLICKED, RESPONSE, UNSUBSCRIBED);
        };
    }

    /** Whether the message's main status moves to this one (engagement events are recorded but keep DELIVERED). */
    public boolean changesStatus() {
        return this == SENT || this == NOT_SENT || this == DELIVERED || this == NOT_DELIVERED;
    }

    public boolean isFinalForWorkflow() {
        return this == NOT_SENT || this == DELIVERED || this == NOT_DELIVERED;
    }

    public boolean canFollow(MessageStatus current) {
        return predecessors().contains(current);
    }

    /** The timeline event type, e.g. SMS_DELIVERED. */
    public String eventType(Channel channel) {
        return channel.name() + "_" + name();
    }
}
