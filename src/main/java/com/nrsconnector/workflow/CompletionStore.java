package com.nrsconnector.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.messaging.MessageOutcomeListener;
import com.nrsconnector.messaging.MessageStatus;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.WorkflowOutputs;
import com.nrsconnector.store.Db;

/**
 * The completion columns of action_request. The workflow that sent a message waits (BLOCK) until the message's final
 * status; that status queues the completion call in its own transaction, so a workflow is completed exactly once and
 * never before its message is final. A replay that reopens the message withdraws a completion not yet sent. The
 * completion writer claims the queued ones with a lease ({@code FOR UPDATE SKIP LOCKED}, attempts counted at the claim)
 * and settles them, in the caller's transaction.
 */
@ApplicationScoped
public class CompletionStore implements MessageOutcomeListener {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    /** A completion due to be sent: its execution, the outputs HubSpot gets, and its attempts (this one included). */
    public record PendingCompletion(String callbackId, long portalId, Map<String, String> outputs, int attempts) {}

    @Inject
    ObjectMapper json;

    @Inject
    com.nrsconnector.config.ConnectorConfig config;

    /**
     * The workflow that sent the message waits (BLOCK) until its final status; its completion is queued once every
     * message of the execution is final (a deal-based execution sends one per associated contact). The execution's
     * row is locked first, so of two messages settling at once the later one sees the other final and completes. An
     * execution with {@code waitFor} = SEND completes as soon as none of its messages is pending (see {@link #sent}).
     */
    @Override
    public void finalStatus(Connection c, FinalStatus outcome) throws SQLException {
        settle(c, outcome);
    }

    /** An execution with {@code waitFor} = SEND completes once each of its messages is sent or not sent. */
    @Override
    public void sent(Connection c, FinalStatus outcome) throws SQLException {
        settle(c, outcome);
    }

    private void settle(Connection c, FinalStatus outcome) throws SQLException {
        if (outcome.callbackId() == null) {
            return;
        }
        // The execution's completion state, what it waits for and its action type; only a waiting one is completed.
        Optional<String[]> execution = Db.queryOne(
                c,
                "SELECT completion_state, wait_for, action_type FROM action_request "
                        + "WHERE portal_id = ? AND callback_id = ? FOR UPDATE",
                row -> new String[] {row.getString(1), row.getString(2), row.getString(3)},
                outcome.portalId(),
                outcome.callbackId());
        Optional<String[]> waiting = execution.filter(row -> "WAITING".equals(row[0]));
        if (waiting.isEmpty()) {
            return;
        }
        boolean untilSent = SendSmsInput.WAIT_FOR_SEND.equals(waiting.get()[1]);
        String actionType = waiting.get()[2];
        if (outcome.status() == MessageStatus.SENT && !untilSent) {
            return;
        }
        List<WorkflowOutputs.FinalMessage> all = MessageStore.executionMessages(
                c, outcome.portalId(), outcome.callbackId(), outcome.messageId(), outcome.details());
        if (untilSent) {
            if (all.stream().noneMatch(m -> m.status() == MessageStatus.PENDING)) {
                requestCompletion(c, outcome.portalId(), outcome.callbackId(), WorkflowOutputs.ofSend(all));
            }
            return;
        }
        if (all.stream().anyMatch(m -> !m.status().isFinalForWorkflow())) {
            return;
        }
        Map<String, String> outputs = WorkflowOutputs.of(all);
        if (!WorkflowActionParser.SEND_IVR.equals(actionType)) {
            requestCompletion(c, outcome.portalId(), outcome.callbackId(), outputs);
            return;
        }
        // An interactive call also tells which key was pressed: a delivered call waits for its key press (which
        // completes it at once, see keyPressed) at most connector.voice.key-wait; then it completes without one.
        Map<String, String> withKey = new LinkedHashMap<>(outputs);
        withKey.put(KEY_PRESSED, NO_KEY_PRESSED);
        Instant due = outcome.status() == MessageStatus.DELIVERED
                ? Instant.now().plus(config.voice().keyWait())
                : Instant.now();
        Db.update(
                c,
                "UPDATE action_request SET completion_state = 'PENDING', completion_outputs = ?, "
                        + "completion_next_attempt_at = ? WHERE portal_id = ? AND callback_id = ? "
                        + "AND completion_state = 'WAITING'",
                write(withKey),
                due,
                outcome.portalId(),
                outcome.callbackId());
    }

    /** The output an interactive call's workflow completes with besides the others: the key pressed, or none. */
    public static final String KEY_PRESSED = "keyPressed";

    /**
     * keyPressed when no key was pressed. HubSpot branches on an enumeration output only by its declared options, so
     * "no key" is an option of its own rather than an empty value no branch could select.
     */
    public static final String NO_KEY_PRESSED = "NONE";

    /** Every value keyPressed completes with, as send-ivr-hsmeta.json declares them: the keys, then none. */
    public static final List<String> KEY_PRESSED_OPTIONS =
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", NO_KEY_PRESSED);

    /**
     * A key was pressed during the interactive call of this execution: its completion, waiting for a key press and
     * not yet sent to HubSpot, gets the key as its keyPressed output and becomes due at once. The first key counts.
     */
    public void keyPressed(Connection c, long portalId, String callbackId, String key) throws SQLException {
        Optional<String> outputs = Db.queryOne(
                c,
                "SELECT completion_outputs FROM action_request WHERE portal_id = ? "
                        + "AND callback_id = ? AND action_type = ? AND completion_state = 'PENDING' AND completion_attempts = 0 "
                        + "FOR UPDATE",
                row -> row.getString(1),
                portalId,
                callbackId,
                WorkflowActionParser.SEND_IVR);
        if (outputs.isEmpty()) {
            return;
        }
        Map<String, String> withKey = new LinkedHashMap<>(read(outputs.get()));
        // Completions queued before "no key" became NONE hold an empty value: both mean no key yet.
        String current = withKey.getOrDefault(KEY_PRESSED, NO_KEY_PRESSED);
        if (current.isEmpty() || NO_KEY_PRESSED.equals(current)) {
            withKey.put(KEY_PRESSED, key);
            Db.update(
                    c,
                    "UPDATE action_request SET completion_outputs = ?, completion_next_attempt_at = ? "
                            + "WHERE portal_id = ? AND callback_id = ?",
                    write(withKey),
                    Instant.now(),
                    portalId,
                    callbackId);
        }
    }

    /** Queues the completion of a waiting workflow execution with these outputs. */
    public void requestCompletion(Connection c, long portalId, String callbackId, Map<String, String> outputs)
            throws SQLException {
        Db.update(
                c,
                "UPDATE action_request SET completion_state = 'PENDING', completion_outputs = ?, "
                        + "completion_next_attempt_at = CURRENT_TIMESTAMP WHERE portal_id = ? AND callback_id = ? "
                        + "AND completion_state = 'WAITING'",
                write(outputs),
                portalId,
                callbackId);
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
        Db.update(
                c,
                "UPDATE action_request SET completion_state = 'WAITING', completion_outputs = NULL "
                        + "WHERE portal_id = ? AND callback_id = ? AND completion_state = 'PENDING' "
                        + "AND completion_attempts = 0",
                portalId,
                callbackId);
    }

    /** Claims up to {@code limit} due completions until {@code leaseEnd}, counting this attempt. */
    public List<PendingCompletion> claim(Connection c, Instant now, Instant leaseEnd, int limit) throws SQLException {
        List<Object[]> due = Db.query(
                c,
                "SELECT portal_id, callback_id FROM action_request "
                        + "WHERE completion_state = 'PENDING' AND completion_next_attempt_at <= ? "
                        + "ORDER BY completion_next_attempt_at, portal_id, callback_id LIMIT ? FOR UPDATE SKIP LOCKED",
                row -> new Object[] {row.getLong(1), row.getString(2)},
                now,
                limit);
        List<PendingCompletion> claimed = new ArrayList<>();
        for (Object[] key : due) {
            Db.update(
                    c,
                    "UPDATE action_request SET completion_next_attempt_at = ?, "
                            + "completion_attempts = completion_attempts + 1 WHERE portal_id = ? AND callback_id = ?",
                    leaseEnd,
                    key[0],
                    key[1]);
            load(c, (Long) key[0], (String) key[1]).ifPresent(claimed::add);
        }
        return claimed;
    }

    public void written(Connection c, PendingCompletion completion) throws SQLException {
        Db.update(
                c,
                "UPDATE action_request SET completion_state = 'COMPLETED', completion_error = NULL, "
                        + "completed_at = CURRENT_TIMESTAMP WHERE portal_id = ? AND callback_id = ?",
                completion.portalId(),
                completion.callbackId());
    }

    public void retryLater(Connection c, PendingCompletion completion, Instant at, String error) throws SQLException {
        Db.update(
                c,
                "UPDATE action_request SET completion_state = 'PENDING', completion_next_attempt_at = ?, "
                        + "completion_error = ? WHERE portal_id = ? AND callback_id = ?",
                at,
                MessageStore.truncate(error),
                completion.portalId(),
                completion.callbackId());
    }

    public void givenUp(Connection c, PendingCompletion completion, String error) throws SQLException {
        Db.update(
                c,
                "UPDATE action_request SET completion_state = 'FAILED', completion_error = ? "
                        + "WHERE portal_id = ? AND callback_id = ?",
                MessageStore.truncate(error),
                completion.portalId(),
                completion.callbackId());
    }

    private Optional<PendingCompletion> load(Connection c, long portalId, String callbackId) throws SQLException {
        return Db.queryOne(
                c,
                "SELECT callback_id, portal_id, completion_outputs, completion_attempts "
                        + "FROM action_request WHERE portal_id = ? AND callback_id = ?",
                row -> new PendingCompletion(row.getString(1), row.getLong(2), read(row.getString(3)), row.getInt(4)),
                portalId,
                callbackId);
    }

    private Map<String, String> read(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, STRING_MAP);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable completion outputs", e);
        }
    }

    private String write(Map<String, String> outputs) {
        try {
            return json.writeValueAsString(outputs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The portal's completions not sent to HubSpot yet that have not failed before (being sent, or due). */
    public int unwritten(Connection c, long portalId) throws SQLException {
        return Db.queryOne(
                        c,
                        "SELECT COUNT(*) FROM action_request WHERE portal_id = ? "
                                + "AND completion_state = 'PENDING' AND completion_error IS NULL",
                        row -> row.getInt(1),
                        portalId)
                .orElse(0);
    }
}
