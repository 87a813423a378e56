package com.nrsconnector.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.hubspot.HubSpotApiClient;
import com.nrsconnector.hubspot.HubSpotOutbox;
import com.nrsconnector.hubspot.OutboxPolicy;
import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.messaging.WorkflowOutputs;
import com.nrsconnector.ops.LogText;
import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The recipients of deal-based executions: the contacts associated with the deal, read from HubSpot (associations
 * v4, through the hubspot-api route) after the execution was acknowledged. Each contact gets its own message, queued
 * like a contact-based one, so each send, number lookup and timeline event is that contact's; the execution completes
 * once all of them are final ({@link WorkflowOutputs} summarizes them).
 *
 * <p>Due executions are claimed with a lease ({@code FOR UPDATE SKIP LOCKED}, attempts counted at the claim), so
 * several instances share the work. A read that fails for a while is retried with the HubSpot outboxes' policy; one
 * HubSpot refuses (the deal is gone, the scope is missing) or that keeps failing completes the execution NOT_SENT
 * with the reason. A deal without contacts completes NOT_SENT at once.
 */
@ApplicationScoped
@Named("dealRecipients")
@RegisterForReflection
public class DealRecipients {

    private static final Logger LOG = Logger.getLogger(DealRecipients.class);
    private static final int BATCH_SIZE = 20;

    record PendingDeal(long portalId, String callbackId, String dealId, String payload, int attempts) {}

    @Inject
    Db db;

    @Inject
    HubSpotApiClient hubspot;

    @Inject
    HubSpotOutbox outbox;

    @Inject
    MessageStore messages;

    @Inject
    CompletionStore completions;

    @Inject
    SendQueue queue;

    @Inject
    ObjectMapper json;

    @Inject
    ConnectorConfig config;

    /** Route step: reads the contacts of the deal executions that are due. Returns how many were settled. */
    public int expand() {
        int settled = 0;
        for (PendingDeal deal : claim()) {
            List<String> contactIds;
            try {
                contactIds = hubspot.associatedContactIds(deal.portalId(), deal.dealId());
            } catch (RuntimeException e) {
                failed(deal, e);
                continue;
            }
            if (store(deal, contactIds)) {
                settled++;
            }
        }
        return settled;
    }

    private List<PendingDeal> claim() {
        Instant now = Instant.now();
        Instant leaseEnd = now.plus(config.outbox().lease());
        return db.inTransaction(c -> {
            List<PendingDeal> due = Db.query(
                    c,
                    "SELECT portal_id, callback_id, object_id, payload, recipients_attempts "
                            + "FROM action_request WHERE recipients_state = 'PENDING' AND recipients_next_attempt_at <= ? "
                            + "ORDER BY recipients_next_attempt_at, portal_id, callback_id LIMIT ? FOR UPDATE SKIP LOCKED",
                    row -> new PendingDeal(
                            row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getInt(5) + 1),
                    now,
                    BATCH_SIZE);
            for (PendingDeal deal : due) {
                Db.update(
                        c,
                        "UPDATE action_request SET recipients_next_attempt_at = ?, "
                                + "recipients_attempts = recipients_attempts + 1 WHERE portal_id = ? AND callback_id = ?",
                        leaseEnd,
                        deal.portalId(),
                        deal.callbackId());
            }
            return due;
        });
    }

    /** One message per contact, queued, and the execution's recipients DONE: all in one transaction. */
    private boolean store(PendingDeal deal, List<String> contactIds) {
        WorkflowActionRequest request = new WorkflowActionParser(json).parseSendSms(deal.payload());
        SendSmsInput input = SendSmsInput.from(request.inputFields());
        boolean stored = db.inTransaction(c -> {
            if (!stillPending(c, deal)) {
                return false;
            }
            for (String contactId : contactIds) {
                long messageId = messages.insertPending(
                        c,
                        deal.callbackId(),
                        deal.portalId(),
                        contactId,
                        Channel.SMS,
                        input.sender(),
                        input.message(),
                        request.inputFields(),
                        Map.of(),
                        request.workflowId());
                queue.enqueue(c, messageId);
            }
            Db.update(
                    c,
                    "UPDATE action_request SET recipients_state = 'DONE', recipients_error = NULL "
                            + "WHERE portal_id = ? AND callback_id = ?",
                    deal.portalId(),
                    deal.callbackId());
            if (contactIds.isEmpty()) {
                completions.requestCompletion(
                        c,
                        deal.portalId(),
                        deal.callbackId(),
                        WorkflowOutputs.nothingSent(
                                "deal " + deal.dealId() + " has no associated contacts", input.campaignName()));
            }
            return true;
        });
        if (stored) {
            LOG.infof(
                    "workflow action callbackId=%s portal=%d deal=%s: %d contact(s) to send to",
                    LogText.of(deal.callbackId()), deal.portalId(), LogText.of(deal.dealId()), contactIds.size());
        }
        return stored;
    }

    private void failed(PendingDeal deal, RuntimeException error) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        OutboxPolicy.Decision decision = outbox.policy().decide(deal.attempts(), error);
        if (decision instanceof OutboxPolicy.Retry retry) {
            db.update(
                    "UPDATE action_request SET recipients_next_attempt_at = ?, recipients_error = ? "
                            + "WHERE portal_id = ? AND callback_id = ? AND recipients_state = 'PENDING'",
                    Instant.now().plus(retry.delay()),
                    MessageStore.truncate(message),
                    deal.portalId(),
                    deal.callbackId());
            LOG.warnf(
                    "workflow action callbackId=%s portal=%d: the contacts of deal %s could not be read, next "
                            + "attempt in %s: %s",
                    LogText.of(deal.callbackId()),
                    deal.portalId(),
                    LogText.of(deal.dealId()),
                    retry.delay(),
                    LogText.of(message));
            return;
        }
        String reason = "the contacts of deal " + deal.dealId() + " could not be read from HubSpot ("
                + ((OutboxPolicy.GiveUp) decision).reason() + "): " + message;
        WorkflowActionRequest request = new WorkflowActionParser(json).parseSendSms(deal.payload());
        db.inTransaction(c -> {
            if (!stillPending(c, deal)) {
                return null;
            }
            Db.update(
                    c,
                    "UPDATE action_request SET recipients_state = 'FAILED', recipients_error = ? "
                            + "WHERE portal_id = ? AND callback_id = ?",
                    MessageStore.truncate(message),
                    deal.portalId(),
                    deal.callbackId());
            completions.requestCompletion(
                    c,
                    deal.portalId(),
                    deal.callbackId(),
                    WorkflowOutputs.nothingSent(
                            reason, SendSmsInput.from(request.inputFields()).campaignName()));
            return null;
        });
        LOG.warnf(
                "workflow action callbackId=%s portal=%d: not sent: %s",
                LogText.of(deal.callbackId()), deal.portalId(), LogText.of(reason));
    }

    private static boolean stillPending(Connection c, PendingDeal deal) throws SQLException {
        return Db.queryOne(
                        c,
                        "SELECT recipients_state FROM action_request WHERE portal_id = ? AND callback_id = ? "
                                + "FOR UPDATE",
                        row -> "PENDING".equals(row.getString(1)),
                        deal.portalId(),
                        deal.callbackId())
                .orElse(false);
    }
}
