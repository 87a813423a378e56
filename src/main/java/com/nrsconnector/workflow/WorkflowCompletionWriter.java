package com.nrsconnector.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.nrsconnector.hubspot.HubSpotOutbox;
import com.nrsconnector.hubspot.OutboxKind;
import com.nrsconnector.workflow.CompletionStore.PendingCompletion;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Completes the workflow executions that waited (BLOCK) for their message's final status, through the HubSpot outbox
 * and the batch endpoint: outputs deliveryStatus (DELIVERED / NOT_DELIVERED / NOT_SENT) and the 360nrs message id, for
 * workflow branches.
 */
@ApplicationScoped
@Named("workflowCompletionWriter")
@RegisterForReflection
public class WorkflowCompletionWriter implements OutboxKind<WorkflowCompletionWriter.Claimed> {

    /** HubSpot completes at most 100 executions a batch. */
    private static final int BATCH_SIZE = 100;

    /** A claimed completion as the outbox handles it. */
    record Claimed(PendingCompletion completion) implements OutboxKind.Item {

        @Override
        public long portalId() {
            return completion.portalId();
        }

        @Override
        public int attempts() {
            return completion.attempts();
        }

        @Override
        public List<Object> key() {
            return List.of(completion.portalId(), completion.callbackId());
        }
    }

    @Inject
    HubSpotOutbox outbox;

    @Inject
    CompletionStore completions;

    /** Route step: completes one batch per portal of the executions that are due. Returns how many were completed. */
    public int flush() {
        return outbox.flush(this);
    }

    @Override
    public String routeId() {
        return "workflow-completions";
    }

    @Override
    public int batchSize() {
        return BATCH_SIZE;
    }

    @Override
    public List<Claimed> claim(Connection c, Instant now, Instant leaseEnd, int limit) throws SQLException {
        return completions.claim(c, now, leaseEnd, limit).stream()
                .map(Claimed::new)
                .toList();
    }

    @Override
    public void written(Connection c, Claimed item) throws SQLException {
        completions.written(c, item.completion());
    }

    @Override
    public void retryLater(Connection c, Claimed item, Instant at, String error) throws SQLException {
        completions.retryLater(c, item.completion(), at, error);
    }

    @Override
    public void givenUp(Connection c, Claimed item, String error) throws SQLException {
        completions.givenUp(c, item.completion(), error);
    }

    @Override
    public String path() {
        return "/automation/v4/actions/callbacks/complete";
    }

    @Override
    public Map<String, Object> input(Claimed claimed) {
        PendingCompletion completion = claimed.completion();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("callbackId", completion.callbackId());
        input.put("outputFields", completion.outputs());
        // Required by HubSpot's published schema, absent from its prose docs: sent empty.
        input.put("typedOutputs", Map.of());
        return input;
    }
}
