package com.nrsconnector.messaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The output fields a workflow execution completes with, for branches: {@code deliveryStatus}, {@code messageId},
 * {@code failureReason}, {@code campaignName} and {@code segments} (the parts sent; the names the action definition
 * declares), plus HubSpot's {@code hs_execution_state}.
 *
 * <p>A contact-based execution sends one message and its outputs are that message's. A deal-based one sends one
 * message per associated contact and completes once all of them are final, summarized: {@code deliveryStatus} is
 * DELIVERED only if every message was delivered, NOT_SENT if none was sent, NOT_DELIVERED otherwise;
 * {@code messageId} lists the 360nrs ids, comma-separated; {@code failureReason} counts the delivered messages and
 * names each contact whose message failed, with its reason. A deal without contacts completes NOT_SENT.
 *
 * <p>An execution with {@code waitFor} = SEND completes as soon as none of its messages is pending any more
 * ({@link #ofSend}): {@code deliveryStatus} is SENT if at least one message was sent, NOT_SENT otherwise.
 */
public final class WorkflowOutputs {

    public static final String DELIVERY_STATUS = "deliveryStatus";
    public static final String MESSAGE_ID = "messageId";
    public static final String FAILURE_REASON = "failureReason";
    public static final String CAMPAIGN_NAME = "campaignName";
    public static final String SEGMENTS = "segments";
    /** The outputs the action definition declares, in its order. */
    public static final List<String> NAMES =
            List.of(DELIVERY_STATUS, MESSAGE_ID, FAILURE_REASON, CAMPAIGN_NAME, SEGMENTS);
    /** The values deliveryStatus takes (SENT only with waitFor = SEND). */
    public static final List<String> DELIVERY_STATUSES = List.of(
            MessageStatus.DELIVERED.name(),
            MessageStatus.NOT_DELIVERED.name(),
            MessageStatus.NOT_SENT.name(),
            MessageStatus.SENT.name());

    /** HubSpot's limit on a string output is not published; a summary stays within the stored reason's length. */
    private static final int MAX_TEXT = 2000;

    /**
     * One message of the execution in its final status; {@code reason} says why it failed (null if delivered);
     * {@code segments} the parts it was composed into (null when it never got that far).
     */
    public record FinalMessage(
            String contactId,
            MessageStatus status,
            String providerMessageId,
            String campaignName,
            String reason,
            Integer segments) {

        public FinalMessage(
                String contactId, MessageStatus status, String providerMessageId, String campaignName, String reason) {
            this(contactId, status, providerMessageId, campaignName, reason, null);
        }

        /** Whether 360nrs took the message (whatever became of it afterwards). */
        boolean sent() {
            return status != MessageStatus.PENDING && status != MessageStatus.NOT_SENT;
        }
    }

    private WorkflowOutputs() {}

    /** The outputs of an execution whose messages are all final. */
    public static Map<String, String> of(List<FinalMessage> messages) {
        if (messages.isEmpty()) {
            return nothingSent("", null);
        }
        if (messages.size() == 1) {
            FinalMessage only = messages.get(0);
            return outputs(
                    only.status(),
                    nullToEmpty(only.providerMessageId()),
                    only.status() == MessageStatus.DELIVERED ? "" : nullToEmpty(only.reason()),
                    nullToEmpty(only.campaignName()),
                    segmentsSent(messages));
        }
        int delivered = 0;
        int notSent = 0;
        List<String> failures = new ArrayList<>();
        for (FinalMessage message : messages) {
            switch (message.status()) {
                case DELIVERED -> delivered++;
                case NOT_SENT -> {
                    notSent++;
                    failures.add("contact " + message.contactId() + " not sent" + because(message.reason()));
                }
                default ->
                    failures.add("contact " + message.contactId() + " not delivered" + because(message.reason()));
            }
        }
        MessageStatus status = delivered == messages.size()
                ? MessageStatus.DELIVERED
                : notSent == messages.size() ? MessageStatus.NOT_SENT : MessageStatus.NOT_DELIVERED;
        String reason = failures.isEmpty()
                ? ""
                : delivered + " of " + messages.size() + " delivered; " + String.join("; ", failures);
        return outputs(status, providerIds(messages), reason, campaignNames(messages), segmentsSent(messages));
    }

    /**
     * The outputs of an execution that waits for the send only ({@code waitFor} = SEND), once none of its messages is
     * pending: SENT (the workflow succeeds) if every message was sent, NOT_SENT if none was; when only some were,
     * SENT with the others named in {@code failureReason} ("1 of 2 sent; contact 2007 not sent: no phone number").
     */
    public static Map<String, String> ofSend(List<FinalMessage> messages) {
        if (messages.isEmpty()) {
            return nothingSent("", null);
        }
        int sent = 0;
        List<String> failures = new ArrayList<>();
        for (FinalMessage message : messages) {
            if (message.sent()) {
                sent++;
            } else {
                failures.add(
                        messages.size() == 1
                                ? nullToEmpty(message.reason())
                                : "contact " + message.contactId() + " not sent" + because(message.reason()));
            }
        }
        String reason = failures.isEmpty()
                ? ""
                : messages.size() == 1
                        ? failures.get(0)
                        : sent + " of " + messages.size() + " sent; " + String.join("; ", failures);
        return outputs(
                sent == 0 ? MessageStatus.NOT_SENT : MessageStatus.SENT,
                providerIds(messages),
                reason,
                campaignNames(messages),
                segmentsSent(messages));
    }

    /** The outputs of an execution that sent nothing at all (e.g. a deal without contacts). */
    public static Map<String, String> nothingSent(String reason, String campaignName) {
        return outputs(MessageStatus.NOT_SENT, "", nullToEmpty(reason), nullToEmpty(campaignName), 0);
    }

    /** The 360nrs ids of the messages that have one, comma-separated, in the messages' order. */
    private static String providerIds(List<FinalMessage> messages) {
        List<String> ids = new ArrayList<>();
        for (FinalMessage message : messages) {
            if (message.providerMessageId() != null
                    && !message.providerMessageId().isEmpty()) {
                ids.add(message.providerMessageId());
            }
        }
        return String.join(",", ids);
    }

    /** The messages' campaign names, each once, in the messages' order. */
    private static String campaignNames(List<FinalMessage> messages) {
        Set<String> campaigns = new LinkedHashSet<>();
        for (FinalMessage message : messages) {
            if (message.campaignName() != null && !message.campaignName().isEmpty()) {
                campaigns.add(message.campaignName());
            }
        }
        return String.join(", ", campaigns);
    }

    /** The parts 360nrs took, over every message that was sent (a message not sent counts none). */
    private static int segmentsSent(List<FinalMessage> messages) {
        return messages.stream()
                .filter(FinalMessage::sent)
                .mapToInt(m -> m.segments() == null ? 0 : m.segments())
                .sum();
    }

    private static Map<String, String> outputs(
            MessageStatus status, String messageIds, String reason, String campaign, int segments) {
        Map<String, String> outputs = new LinkedHashMap<>();
        // A message that did not reach its recipient shows as failed in the workflow's history, and the workflow
        // goes on to its next step, where it can branch on deliveryStatus.
        boolean success = status == MessageStatus.DELIVERED || (status == MessageStatus.SENT && reason.isEmpty());
        outputs.put("hs_execution_state", success ? "SUCCESS" : "FAIL_CONTINUE");
        outputs.put(DELIVERY_STATUS, status.name());
        outputs.put(MESSAGE_ID, MessageStore.storable(messageIds, MAX_TEXT));
        outputs.put(FAILURE_REASON, MessageStore.storable(reason, MAX_TEXT));
        outputs.put(CAMPAIGN_NAME, campaign);
        outputs.put(SEGMENTS, Integer.toString(segments));
        return outputs;
    }

    private static String because(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
