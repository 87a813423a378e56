package com.nrsconnector.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.nrsconnector.messaging.WorkflowOutputs.FinalMessage;

class WorkflowOutputsTest {

    private static FinalMessage delivered(String contact, String id) {
        return new FinalMessage(contact, MessageStatus.DELIVERED, id, "Citas", "delivered to handset", 2);
    }

    @Test
    void oneMessageIsItsOwnOutcome() {
        assertEquals(
                Map.of(
                        "hs_execution_state",
                        "SUCCESS",
                        "deliveryStatus",
                        "DELIVERED",
                        "messageId",
                        "n1",
                        "failureReason",
                        "",
                        "campaignName",
                        "Citas",
                        "segments",
                        "2"),
                WorkflowOutputs.of(List.of(delivered("1", "n1"))));
        Map<String, String> notSent = WorkflowOutputs.of(
                List.of(new FinalMessage("1", MessageStatus.NOT_SENT, null, null, "no phone number")));
        assertEquals("FAIL_CONTINUE", notSent.get("hs_execution_state"));
        assertEquals("NOT_SENT", notSent.get("deliveryStatus"));
        assertEquals("", notSent.get("messageId"));
        assertEquals("no phone number", notSent.get("failureReason"));
        assertEquals("0", notSent.get("segments"));
    }

    @Test
    void waitingForTheSendCompletesSentOrNotSent() {
        Map<String, String> sent =
                WorkflowOutputs.ofSend(List.of(new FinalMessage("1", MessageStatus.SENT, "n1", "Citas", null, 3)));
        assertEquals(
                Map.of(
                        "hs_execution_state",
                        "SUCCESS",
                        "deliveryStatus",
                        "SENT",
                        "messageId",
                        "n1",
                        "failureReason",
                        "",
                        "campaignName",
                        "Citas",
                        "segments",
                        "3"),
                sent);
        Map<String, String> notSent = WorkflowOutputs.ofSend(
                List.of(new FinalMessage("1", MessageStatus.NOT_SENT, null, null, "no phone number", 1)));
        assertEquals("NOT_SENT", notSent.get("deliveryStatus"));
        assertEquals("no phone number", notSent.get("failureReason"));
        assertEquals("0", notSent.get("segments"));
        Map<String, String> some = WorkflowOutputs.ofSend(List.of(
                delivered("1", "n1"),
                new FinalMessage("2", MessageStatus.SENT, "n2", "Citas", null, 1),
                new FinalMessage("3", MessageStatus.NOT_SENT, null, null, "no phone number")));
        assertEquals("SENT", some.get("deliveryStatus"));
        assertEquals("FAIL_CONTINUE", some.get("hs_execution_state"));
        assertEquals("2 of 3 sent; contact 3 not sent: no phone number", some.get("failureReason"));
        assertEquals("3", some.get("segments"));
    }

    @Test
    void severalAreDeliveredOnlyIfAllAre() {
        Map<String, String> all = WorkflowOutputs.of(List.of(delivered("1", "n1"), delivered("2", "n2")));
        assertEquals("DELIVERED", all.get("deliveryStatus"));
        assertEquals("n1,n2", all.get("messageId"));
        assertEquals("", all.get("failureReason"));
        assertEquals("Citas", all.get("campaignName"));

        Map<String, String> mixed = WorkflowOutputs.of(List.of(
                delivered("1", "n1"),
                new FinalMessage("2", MessageStatus.NOT_DELIVERED, "n2", "Citas", "absent subscriber"),
                new FinalMessage("3", MessageStatus.NOT_SENT, null, null, "no phone number")));
        assertEquals("NOT_DELIVERED", mixed.get("deliveryStatus"));
        assertEquals("FAIL_CONTINUE", mixed.get("hs_execution_state"));
        assertEquals("n1,n2", mixed.get("messageId"));
        assertEquals(
                "1 of 3 delivered; contact 2 not delivered: absent subscriber; contact 3 not sent: no phone number",
                mixed.get("failureReason"));
    }

    @Test
    void noneSentIsNotSent() {
        Map<String, String> none = WorkflowOutputs.of(List.of(
                new FinalMessage("1", MessageStatus.NOT_SENT, null, null, "no phone number"),
                new FinalMessage("2", MessageStatus.NOT_SENT, null, null, null)));
        assertEquals("NOT_SENT", none.get("deliveryStatus"));
        assertEquals(
                "0 of 2 delivered; contact 1 not sent: no phone number; contact 2 not sent", none.get("failureReason"));
        assertEquals(
                "NOT_SENT",
                WorkflowOutputs.nothingSent("deal 7 has no associated contacts", null)
                        .get("deliveryStatus"));
    }

    @Test
    void theOutputsAreTheDeclaredOnesAndTheExecutionState() {
        Map<String, String> outputs = WorkflowOutputs.of(List.of(delivered("1", "n1")));
        assertEquals(WorkflowOutputs.NAMES, List.copyOf(outputs.keySet()).subList(1, outputs.size()));
    }

    @Test
    void aLongSummaryIsCut() {
        List<FinalMessage> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(new FinalMessage(
                    Integer.toString(1000 + i),
                    MessageStatus.NOT_SENT,
                    null,
                    null,
                    "the number is not a valid mobile number for the destination country"));
        }
        assertEquals(2000, WorkflowOutputs.of(many).get("failureReason").length());
    }
}
