package com.nrsconnector.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.hubspot.HubSpotApiClient;
import com.nrsconnector.hubspot.HubSpotApiException;
import com.nrsconnector.ops.LogText;
import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Completes the workflow executions that waited (BLOCK) for their message's final status, with the batch endpoint:
 * outputs deliveryStatus (DELIVERED / NOT_DELIVERED / NOT_SENT) and the 360nrs message id, for workflow branches.
 */
@ApplicationScoped
@Named("workflowCompletionWriter")
@RegisterForReflection
public class WorkflowCompletionWriter {

    private static final Logger LOG = Logger.getLogger(WorkflowCompletionWriter.class);
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    record PendingCompletion(String callbackId, long portalId, Map<String, String> outputs, int attempts) {
    }

    @Inject
    Db db;

    @Inject
    HubSpotApiClient hubspot;

    @Inject
    ObjectMapper json;

    public int flush() {
        List<PendingCompletion> claimed = claim(100);
        Map<Long, List<PendingCompletion>> byPortal = new LinkedHashMap<>();
        claimed.forEach(c -> byPortal.computeIfAbsent(c.portalId(), p -> new ArrayList<>()).add(c));
        int completed = 0;
        for (Map.Entry<Long, List<PendingCompletion>> batch : byPortal.entrySet()) {
            List<Map<String, Object>> inputs = new ArrayList<>();
            for (PendingCompletion completion : batch.getValue()) {
                Map<String, Object> input = new LinkedHashMap<>();
                input.put("callbackId", completion.callbackId());
                input.put("outputFields", completion.outputs());
                // Required by HubSpot's published schema, absent from its prose docs: sent empty.
                input.put("typedOutputs", Map.of());
                inputs.add(input);
            }
            try {
                hubspot.post(batch.getKey(), "/automation/v4/actions/callbacks/complete", Map.of("inputs", inputs));
                settle(batch.getValue(), "COMPLETED", Duration.ZERO);
                completed += inputs.size();
            } catch (HubSpotApiException e) {
                boolean giveUp = !e.isTransient() || batch.getValue().get(0).attempts() >= 12;
                settle(batch.getValue(), giveUp ? "FAILED" : "PENDING",
                        e.retryAfter() != null ? e.retryAfter() : Duration.ofSeconds(30));
                LOG.warnf("completing %d workflow execution(s) failed%s: %s", inputs.size(),
                        giveUp ? " for good" : ", retrying", LogText.of(e.getMessage()));
            }
        }
        return completed;
    }

    private List<PendingCompletion> claim(int limit) {
        Instant now = Instant.now();
        return db.inTransaction(c -> {
            List<PendingCompletion> rows = Db.query(c, "SELECT callback_id, portal_id, completion_outputs, "
                    + "completion_attempts FROM action_request WHERE completion_state = 'PENDING' "
                    + "AND completion_next_attempt_at <= ? ORDER BY completion_next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED",
                    row -> new PendingCompletion(row.getString(1), row.getLong(2), read(row.getString(3)), row.getInt(4)),
                    now, limit);
            for (PendingCompletion row : rows) {
                Db.update(c, "UPDATE action_request SET completion_next_attempt_at = ?, "
                        + "completion_attempts = completion_attempts + 1 WHERE portal_id = ? AND callback_id = ?",
                        now.plus(Duration.ofMinutes(1)), row.portalId(), row.callbackId());
            }
            return rows;
        });
    }

    private void settle(List<PendingCompletion> batch, String state, Duration retryIn) {
        db.inTransaction(c -> {
            for (PendingCompletion completion : batch) {
                Db.update(c, "UPDATE action_request SET completion_state = ?, completion_next_attempt_at = ? "
                        + "WHERE portal_id = ? AND callback_id = ?", state, Instant.now().plus(retryIn),
                        completion.portalId(), completion.callbackId());
                if ("COMPLETED".equals(state)) {
                    Db.update(c, "UPDATE action_request SET completed_at = CURRENT_TIMESTAMP "
                            + "WHERE portal_id = ? AND callback_id = ?", completion.portalId(), completion.callbackId());
                }
            }
            return null;
        });
    }

    private Map<String, String> read(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, STRING_MAP);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
