package com.nrsconnector.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.messaging.MessageOutcomeListener;
import com.nrsconnector.messaging.MessageStatus;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.store.Db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The completion columns of action_request. The workflow that sent a message waits (BLOCK) until the message's final
 * status; that status queues the completion call in its own transaction, so a workflow is completed exactly once and
 * never before its message is final. A replay that reopens the message withdraws a completion not yet sent.
 */
@ApplicationScoped
public class CompletionStore implements MessageOutcomeListener {

    @Inject
    ObjectMapper json;

    @Override
    public void finalStatus(Connection c, FinalStatus outcome) throws SQLException {
        if (outcome.callbackId() == null) {
            return;
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        // A message that did not reach its recipient shows as failed in the workflow's history, and the workflow
        // goes on to its next step, where it can branch on deliveryStatus.
        outputs.put("hs_execution_state", outcome.status() == MessageStatus.DELIVERED ? "SUCCESS" : "FAIL_CONTINUE");
        outputs.put("deliveryStatus", outcome.status().name());
        outputs.put("messageId", outcome.providerMessageId() == null ? "" : outcome.providerMessageId());
        outputs.put("connectorMessageId", Long.toString(outcome.messageId()));
        outputs.put("statusDetails", outcome.details() == null ? "" : MessageStore.truncate(outcome.details()));
        Db.update(c, "UPDATE action_request SET completion_state = 'PENDING', completion_outputs = ?, "
                + "completion_next_attempt_at = CURRENT_TIMESTAMP WHERE portal_id = ? AND callback_id = ? "
                + "AND completion_state = 'WAITING'",
                write(outputs), outcome.portalId(), outcome.callbackId());
    }

    /**
     * The completion the message's NOT_SENT queued is withdrawn if it has not been sent to HubSpot yet (never
     * claimed), so the workflow gets the replay's final status instead; once sent, HubSpot's execution is over and the
     * replay's outcome shows on the timeline only.
     */
    @Override
    public void reopened(Connection c, long messageId, long portalId, String callbackId) throws SQLException {
        if (callbackId == null) {
            return;
        }
        Db.update(c, "UPDATE action_request SET completion_state = 'WAITING', completion_outputs = NULL "
                + "WHERE portal_id = ? AND callback_id = ? AND completion_state = 'PENDING' "
                + "AND completion_attempts = 0", portalId, callbackId);
    }

    private String write(Map<String, String> outputs) {
        try {
            return json.writeValueAsString(outputs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
