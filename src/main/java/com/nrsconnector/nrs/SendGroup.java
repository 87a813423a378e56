package com.nrsconnector.nrs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.SmsSendDetails;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The sends one 360nrs request carries: one voice call, or SMS that share the account, sender, final text and request
 * options, to different numbers, lowest message id first. The request's reference is that lowest id: its notification
 * URL is that message's own (ref = the id, signed), and a delivery report names the recipient by number. Asked for
 * what its recipients share (account, sender, text, ...), it answers as its first send does, so route steps written
 * for one send read it the same way.
 */
@RegisterForReflection
public record SendGroup(List<PreparedSend> recipients) {

    public SendGroup {
        if (recipients == null || recipients.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one recipient");
        }
        List<PreparedSend> ordered = new ArrayList<>(recipients);
        ordered.sort(Comparator.comparingLong(PreparedSend::messageId));
        recipients = List.copyOf(ordered);
    }

    public static SendGroup of(PreparedSend sms) {
        return new SendGroup(List.of(sms));
    }

    /** The send whose values the request takes (the lowest message id). */
    public PreparedSend first() {
        return recipients.get(0);
    }

    /** The request's reference: the lowest message id it carries. */
    public long messageId() {
        return first().messageId();
    }

    public int size() {
        return recipients.size();
    }

    public List<Long> messageIds() {
        return recipients.stream().map(PreparedSend::messageId).toList();
    }

    /** The recipients' numbers, in the order of {@link #recipients()}. */
    public List<String> numbers() {
        return recipients.stream().map(sms -> sms.details().phone()).toList();
    }

    /** Message id -> the number the request carries for it. */
    public Map<Long, String> numbersById() {
        Map<Long, String> numbers = new LinkedHashMap<>();
        recipients.forEach(sms -> numbers.put(sms.messageId(), sms.details().phone()));
        return numbers;
    }

    /** The same request with only these of its sends (empty when none is left). */
    public Optional<SendGroup> only(Collection<Long> messageIds) {
        List<PreparedSend> kept = recipients.stream()
                .filter(sms -> messageIds.contains(sms.messageId()))
                .toList();
        return kept.isEmpty() ? Optional.empty() : Optional.of(new SendGroup(kept));
    }

    public long portalId() {
        return first().portalId();
    }

    public String nrsUsername() {
        return first().nrsUsername();
    }

    public String nrsApiPassword() {
        return first().nrsApiPassword();
    }

    public String sender() {
        return first().sender();
    }

    /** The first send's details: the text, encoding and campaign are the request's; the phone is the first number. */
    public SmsSendDetails details() {
        return first().details();
    }

    public int maxParts() {
        return first().maxParts();
    }

    /** The request's notification URL: the one of its lowest message, whose id is the request's reference. */
    public String notificationUrl() {
        return first().notificationUrl();
    }

    public VoiceCall voice() {
        return first().voice();
    }

    public Channel channel() {
        return first().channel();
    }

    /** Without the password, the texts or the numbers: a request can end up in a log line or a dead letter. */
    @Override
    public String toString() {
        return "SendGroup[ref=" + messageId() + ", channel=" + channel() + ", portalId=" + portalId() + ", nrsUsername="
                + nrsUsername() + ", sender=" + sender() + ", messageIds=" + messageIds() + "]";
    }
}
