package com.nrsconnector.messaging;

import static com.nrsconnector.messaging.MessageStatus.CLICKED;
import static com.nrsconnector.messaging.MessageStatus.DELIVERED;
import static com.nrsconnector.messaging.MessageStatus.KEY_PRESSED;
import static com.nrsconnector.messaging.MessageStatus.NOT_DELIVERED;
import static com.nrsconnector.messaging.MessageStatus.NOT_SENT;
import static com.nrsconnector.messaging.MessageStatus.PENDING;
import static com.nrsconnector.messaging.MessageStatus.RESPONSE;
import static com.nrsconnector.messaging.MessageStatus.SENT;
import static com.nrsconnector.messaging.MessageStatus.UNSUBSCRIBED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class MessageStatusTest {

    private static final Set<MessageStatus> ENGAGEMENT = EnumSet.of(CLICKED, RESPONSE, UNSUBSCRIBED, KEY_PRESSED);

    private static final Map<MessageStatus, Set<MessageStatus>> ALLOWED_AFTER = new EnumMap<>(Map.of(
            PENDING, EnumSet.of(SENT, NOT_SENT),
            SENT, EnumSet.of(DELIVERED, NOT_DELIVERED),
            NOT_SENT, EnumSet.noneOf(MessageStatus.class),
            DELIVERED, EnumSet.copyOf(ENGAGEMENT),
            NOT_DELIVERED, EnumSet.noneOf(MessageStatus.class),
            CLICKED, EnumSet.copyOf(ENGAGEMENT),
            RESPONSE, EnumSet.copyOf(ENGAGEMENT),
            UNSUBSCRIBED, EnumSet.copyOf(ENGAGEMENT),
            // A key press is recorded as an event only: the call's status stays DELIVERED.
            KEY_PRESSED, EnumSet.noneOf(MessageStatus.class)));

    static List<Arguments> allTransitions() {
        List<Arguments> pairs = new ArrayList<>();
        for (MessageStatus current : MessageStatus.values()) {
            for (MessageStatus next : MessageStatus.values()) {
                pairs.add(Arguments.of(current, next, ALLOWED_AFTER.get(current).contains(next)));
            }
        }
        return pairs;
    }

    @Test
    void tableCoversEveryStatus() {
        assertEquals(EnumSet.allOf(MessageStatus.class), ALLOWED_AFTER.keySet());
        assertEquals(81, allTransitions().size());
    }

    @ParameterizedTest(name = "{0} -> {1} allowed: {2}")
    @MethodSource("allTransitions")
    void canFollowMatchesTheTransitionTable(MessageStatus current, MessageStatus next, boolean allowed) {
        assertEquals(allowed, next.canFollow(current), current + " -> " + next);
    }

    @ParameterizedTest
    @EnumSource(MessageStatus.class)
    void predecessorsAgreeWithCanFollow(MessageStatus status) {
        for (MessageStatus current : MessageStatus.values()) {
            assertEquals(status.predecessors().contains(current), status.canFollow(current), current + " -> " + status);
        }
    }

    @Test
    void sentAndNotSentOnlyFollowPending() {
        assertEquals(EnumSet.of(PENDING), SENT.predecessors());
        assertEquals(EnumSet.of(PENDING), NOT_SENT.predecessors());
    }

    @Test
    void deliveryOutcomesOnlyFollowSent() {
        assertEquals(EnumSet.of(SENT), DELIVERED.predecessors());
        assertEquals(EnumSet.of(SENT), NOT_DELIVERED.predecessors());
        assertFalse(DELIVERED.canFollow(PENDING));
        assertFalse(DELIVERED.canFollow(NOT_SENT));
        assertFalse(NOT_DELIVERED.canFollow(PENDING));
    }

    @ParameterizedTest
    @EnumSource(
            value = MessageStatus.class,
            names = {"CLICKED", "RESPONSE", "UNSUBSCRIBED", "KEY_PRESSED"})
    void engagementOnlyFollowsDeliveredOrAnotherEngagement(MessageStatus engagement) {
        assertEquals(EnumSet.of(DELIVERED, CLICKED, RESPONSE, UNSUBSCRIBED), engagement.predecessors());
        assertFalse(engagement.canFollow(PENDING));
        assertFalse(engagement.canFollow(SENT));
        assertFalse(engagement.canFollow(NOT_SENT));
        assertFalse(engagement.canFollow(NOT_DELIVERED));
    }

    @ParameterizedTest
    @EnumSource(MessageStatus.class)
    void nothingFollowsNotSentOrNotDelivered(MessageStatus next) {
        assertFalse(next.canFollow(NOT_SENT), "NOT_SENT -> " + next);
        assertFalse(next.canFollow(NOT_DELIVERED), "NOT_DELIVERED -> " + next);
    }

    @ParameterizedTest
    @EnumSource(MessageStatus.class)
    void pendingFollowsNothing(MessageStatus current) {
        assertFalse(PENDING.canFollow(current));
        assertTrue(PENDING.predecessors().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(
            value = MessageStatus.class,
            names = {"PENDING", "SENT", "NOT_SENT", "DELIVERED", "NOT_DELIVERED"})
    void mainStatusesDoNotRepeat(MessageStatus status) {
        assertFalse(status.canFollow(status));
    }

    @Test
    void predecessorsReturnsAFreshSetEachTime() {
        SENT.predecessors().clear();
        assertEquals(EnumSet.of(PENDING), SENT.predecessors());
    }

    @Test
    void onlySendAndDeliveryOutcomesChangeTheMainStatus() {
        for (MessageStatus status : MessageStatus.values()) {
            boolean expected =
                    EnumSet.of(SENT, NOT_SENT, DELIVERED, NOT_DELIVERED).contains(status);
            assertEquals(expected, status.changesStatus(), status.name());
        }
    }

    @Test
    void finalForWorkflowAreNotSentDeliveredAndNotDelivered() {
        for (MessageStatus status : MessageStatus.values()) {
            boolean expected = EnumSet.of(NOT_SENT, DELIVERED, NOT_DELIVERED).contains(status);
            assertEquals(expected, status.isFinalForWorkflow(), status.name());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "PENDING, SMS, SMS_PENDING",
        "SENT, SMS, SMS_SENT",
        "NOT_SENT, SMS, SMS_NOT_SENT",
        "DELIVERED, SMS, SMS_DELIVERED",
        "NOT_DELIVERED, SMS, SMS_NOT_DELIVERED",
        "CLICKED, SMS, SMS_CLICKED",
        "RESPONSE, SMS, SMS_RESPONSE",
        "UNSUBSCRIBED, SMS, SMS_UNSUBSCRIBED",
        "DELIVERED, VOICE, VOICE_DELIVERED",
        "NOT_SENT, VOICE, VOICE_NOT_SENT"
    })
    void eventTypeIsTheChannelAndStatusNames(MessageStatus status, Channel channel, String eventType) {
        assertEquals(eventType, status.eventType(channel));
    }
}
