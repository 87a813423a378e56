package com.nrsconnector.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.hubspot.HubSpotOutbox;
import com.nrsconnector.hubspot.OutboxKind;
import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Completes the workflow executions that waited (BLOCK) for their message's final status, through the HubSpot outbox
 * and the batch endpoint: outputs deliveryStatus (DELIVERED / NOT_DELIVERED / NOT_SENT) and the 360nrs message id, for
 * workflow branches.
 */
@ApplicationScoped
@Named("workflowCompletionWriter")
@RegisterForReflection
public class WorkflowCompletionWriter implements OutboxKind<WorkflowCompletionWriter.PendingCompletion> {

    static final Table TABLE = new Table("action_request", List.of("portal_id", "callback_id"), "completion",
            "COMPLETED", "completed_at = CURRENT_TIMESTAMP");
    /** HubSpot completes at most 100 executions a batch. */
    private static final int BATCH_SIZE = 100;
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    record PendingCompletion(String callbackId, long portalId, Map<String, String> outputs, int attempts)
            implements OutboxKind.Item {

        @Override
        public List<Object> key() {
            return List.of(portalId, callbackId);
        }

        @Override
        public Long relatedMessageId() {
            return null;
        }
    }

    @Inject
    HubSpotOutbox outbox;

    @Inject
    ObjectMapper json;

    /** Route step: completes one batch per portal of the executions that are due. Returns how many were completed. */
    public int flush() {
        return outbox.flush(this);
    }

    @Override
    public String routeId() {
        return "workflow-completions";
    }

    @Override
    public Table table() {
        return TABLE;
    }

    @Override
    public int batchSize() {
        return BATCH_SIZE;
    }

    @Override
    public Optional<PendingCompletion> load(Connection c, List<Object> key) throws SQLException {
        return Db.queryOne(c, "SELECT callback_id, portal_id, completion_outputs, completion_attempts "
                + "FROM action_request WHERE portal_id = ? AND callback_id = ?",
                row -> new PendingCompletion(row.getString(1), row.getLong(2), read(row.getString(3)), row.getInt(4)),
                key.get(0), key.get(1));
    }

    @Override
    public String path() {
        return "/automation/v4/actions/callbacks/complete";
    }

    @Override
    public Map<String, Object> input(PendingCompletion completion) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("callbackId", completion.callbackId());
        input.put("outputFields", completion.outputs());
        // Required by HubSpot's published schema, absent from its prose docs: sent empty.
        input.put("typedOutputs", Map.of());
        return input;
    }

    private Map<String, String> read(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, STRING_MAP);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable completion outputs", e);
        }
    }
}
