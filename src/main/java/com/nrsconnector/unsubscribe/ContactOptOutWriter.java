package com.nrsconnector.unsubscribe;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.hubspot.HubSpotOutbox;
import com.nrsconnector.hubspot.OutboxKind;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Sets the opt-out property ({@code connector.unsubscribe.contact-property}, default {@code sms_opt_out_360nrs}) to
 * {@code true} on each contact who confirmed an unsubscribe link, through the HubSpot outbox: one contacts batch
 * update ({@code POST /crm/v3/objects/contacts/batch/update}) per portal, with the outbox's retries and dead letters.
 * A contact is written once per portal (the table's key), so a batch never names a contact twice.
 */
@ApplicationScoped
@Named("contactOptOutWriter")
@RegisterForReflection
public class ContactOptOutWriter implements OutboxKind<ContactOptOutWriter.PendingUpdate> {

    static final String PATH = "/crm/v3/objects/contacts/batch/update";
    /** HubSpot's CRM batch endpoints take at most 100 inputs. */
    private static final int BATCH_SIZE = 100;

    record PendingUpdate(long portalId, String contactId, int attempts) implements OutboxKind.Item {

        @Override
        public List<Object> key() {
            return List.of(portalId, contactId);
        }
    }

    @Inject
    HubSpotOutbox outbox;

    @Inject
    ConnectorConfig config;

    /** Route step: writes one batch per portal of the updates that are due. Returns how many were written. */
    public int flush() {
        return outbox.flush(this);
    }

    @Override
    public String routeId() {
        return "contact-opt-out-writer";
    }

    @Override
    public int batchSize() {
        return BATCH_SIZE;
    }

    @Override
    public List<PendingUpdate> claim(Connection c, Instant now, Instant leaseEnd, int limit) throws SQLException {
        List<PendingUpdate> due = Db.query(
                c,
                "SELECT portal_id, contact_id, contact_attempts FROM opt_out_contact_update "
                        + "WHERE contact_state = 'PENDING' AND contact_next_attempt_at <= ? "
                        + "ORDER BY contact_next_attempt_at, portal_id, contact_id LIMIT ? FOR UPDATE SKIP LOCKED",
                row -> new PendingUpdate(row.getLong(1), row.getString(2), row.getInt(3) + 1),
                now,
                limit);
        for (PendingUpdate update : due) {
            Db.update(
                    c,
                    "UPDATE opt_out_contact_update SET contact_next_attempt_at = ?, "
                            + "contact_attempts = contact_attempts + 1 WHERE portal_id = ? AND contact_id = ?",
                    leaseEnd,
                    update.portalId(),
                    update.contactId());
        }
        return due;
    }

    @Override
    public void written(Connection c, PendingUpdate update) throws SQLException {
        Db.update(
                c,
                "UPDATE opt_out_contact_update SET contact_state = 'WRITTEN', contact_error = NULL "
                        + "WHERE portal_id = ? AND contact_id = ?",
                update.portalId(),
                update.contactId());
    }

    @Override
    public void retryLater(Connection c, PendingUpdate update, Instant at, String error) throws SQLException {
        Db.update(
                c,
                "UPDATE opt_out_contact_update SET contact_next_attempt_at = ?, contact_error = ? "
                        + "WHERE portal_id = ? AND contact_id = ?",
                at,
                MessageStore.truncate(error),
                update.portalId(),
                update.contactId());
    }

    @Override
    public void givenUp(Connection c, PendingUpdate update, String error) throws SQLException {
        Db.update(
                c,
                "UPDATE opt_out_contact_update SET contact_state = 'FAILED', contact_error = ? "
                        + "WHERE portal_id = ? AND contact_id = ?",
                MessageStore.truncate(error),
                update.portalId(),
                update.contactId());
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public Map<String, Object> input(PendingUpdate update) {
        return input(update.contactId(), config.unsubscribe().contactProperty());
    }

    /** One element of the batch update's {@code inputs}: {@code {"id": ..., "properties": {<property>: "true"}}}. */
    static Map<String, Object> input(String contactId, String property) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("id", contactId);
        input.put("properties", Map.of(property, "true"));
        return input;
    }
}
