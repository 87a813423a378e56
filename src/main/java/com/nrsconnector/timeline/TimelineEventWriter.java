package com.nrsconnector.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.hubspot.HubSpotApiClient;
import com.nrsconnector.hubspot.HubSpotApiException;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.ops.LogText;
import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Writes pending message events to the contacts' HubSpot timelines in batches, one writer for both HubSpot APIs:
 * app events (new apps) and timeline v3 events (apps that already have templates), chosen by configuration. Event ids
 * are deterministic, so a retried batch does not create a second event.
 */
@ApplicationScoped
@Named("timelineEventWriter")
@RegisterForReflection
public class TimelineEventWriter {

    private static final Logger LOG = Logger.getLogger(TimelineEventWriter.class);
    private static final Duration CLAIM = Duration.ofMinutes(1);

    record PendingEvent(long id, long messageId, String eventType, Instant occurredAt, String details, long portalId,
            String contactId, String providerMessageId, String sender, String campaignName, String phone,
            String channel, int attempts) {
    }

    @Inject
    Db db;

    @Inject
    HubSpotApiClient hubspot;

    @Inject
    ConnectorConfig config;

    /** Route step: writes one batch per portal of the events that are due. Returns how many were written. */
    public int flush() {
        List<PendingEvent> claimed = claim(config.hubspot().timeline().batchSize());
        Map<Long, List<PendingEvent>> byPortal = new LinkedHashMap<>();
        claimed.forEach(event -> byPortal.computeIfAbsent(event.portalId(), p -> new ArrayList<>()).add(event));
        int written = 0;
        for (Map.Entry<Long, List<PendingEvent>> batch : byPortal.entrySet()) {
            try {
                write(batch.getKey(), batch.getValue());
                markWritten(batch.getValue());
                written += batch.getValue().size();
            } catch (HubSpotApiException e) {
                retryLater(batch.getValue(), e);
            }
        }
        return written;
    }

    private void write(long portalId, List<PendingEvent> events) {
        boolean appEvents = "app-events".equals(config.hubspot().timeline().mode());
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (PendingEvent event : events) {
            Map<String, Object> input = new LinkedHashMap<>();
            if (appEvents) {
                input.put("eventTypeName", config.hubspot().timeline().appEventTypePrefix().orElse("")
                        + event.eventType().toLowerCase(Locale.ROOT));
                input.put("objectId", event.contactId());
                input.put("id", eventId(event));
                input.put("timestamp", event.occurredAt().toString());
                input.put("properties", tokens(event));
            } else {
                String template = config.hubspot().timeline().templates().get(event.eventType());
                if (template == null) {
                    throw new HubSpotApiException("no timeline template configured for " + event.eventType()
                            + " (connector.hubspot.timeline.templates." + event.eventType() + ")", 0, false, null);
                }
                input.put("eventTemplateId", template);
                input.put("objectId", event.contactId());
                input.put("id", eventId(event));
                input.put("timestamp", event.occurredAt().toString());
                input.put("tokens", tokens(event));
            }
            inputs.add(input);
        }
        String path = appEvents ? "/integrators/timeline/2026-03/events/batch"
                : "/integrators/timeline/v3/events/batch/create";
        hubspot.post(portalId, path, Map.of("inputs", inputs));
    }

    static String eventId(PendingEvent event) {
        return "nrs-" + event.messageId() + "-" + event.eventType();
    }

    private static Map<String, String> tokens(PendingEvent event) {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("messageId", nullToEmpty(event.providerMessageId()));
        tokens.put("connectorMessageId", Long.toString(event.messageId()));
        tokens.put("channel", event.channel());
        tokens.put("sender", nullToEmpty(event.sender()));
        tokens.put("campaignName", nullToEmpty(event.campaignName()));
        tokens.put("phone", nullToEmpty(event.phone()));
        tokens.put("details", nullToEmpty(event.details()));
        return tokens;
    }

    private List<PendingEvent> claim(int limit) {
        Instant now = Instant.now();
        return db.inTransaction(c -> {
            List<Long> ids = Db.query(c, "SELECT id FROM message_event WHERE timeline_state = 'PENDING' "
                    + "AND timeline_next_attempt_at <= ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
                    row -> row.getLong(1), now, limit);
            List<PendingEvent> events = new ArrayList<>();
            for (Long id : ids) {
                // The claim is a short lease: another instance takes the event over if this one dies mid-write.
                Db.update(c, "UPDATE message_event SET timeline_next_attempt_at = ?, timeline_attempts = timeline_attempts + 1 "
                        + "WHERE id = ?", now.plus(CLAIM), id);
                Db.queryOne(c, "SELECT e.id, e.message_id, e.event_type, e.occurred_at, e.details, e.timeline_attempts, "
                        + "m.portal_id, m.contact_id, m.provider_message_id, m.sender, m.campaign_name, m.phone, m.channel "
                        + "FROM message_event e JOIN message m ON m.id = e.message_id WHERE e.id = ?",
                        row -> new PendingEvent(row.getLong("id"), row.getLong("message_id"), row.getString("event_type"),
                                Db.instant(row, "occurred_at"), row.getString("details"), row.getLong("portal_id"),
                                row.getString("contact_id"), row.getString("provider_message_id"),
                                row.getString("sender"), row.getString("campaign_name"), row.getString("phone"),
                                row.getString("channel"), row.getInt("timeline_attempts")), id)
                        .ifPresent(events::add);
            }
            return events;
        });
    }

    private void markWritten(List<PendingEvent> events) {
        db.inTransaction(c -> {
            for (PendingEvent event : events) {
                Db.update(c, "UPDATE message_event SET timeline_state = 'WRITTEN', timeline_error = NULL WHERE id = ?",
                        event.id());
            }
            return null;
        });
    }

    private void retryLater(List<PendingEvent> events, HubSpotApiException error) {
        db.inTransaction(c -> {
            for (PendingEvent event : events) {
                boolean giveUp = !error.isTransient() && error.status() != 0 || event.attempts() >= 12;
                Duration wait = error.retryAfter() != null ? error.retryAfter()
                        : Duration.ofSeconds(Math.min(600, 1L << Math.min(9, event.attempts())));
                Db.update(c, "UPDATE message_event SET timeline_state = ?, timeline_next_attempt_at = ?, "
                        + "timeline_error = ? WHERE id = ?", giveUp ? "FAILED" : "PENDING", Instant.now().plus(wait),
                        MessageStore.truncate(error.getMessage()),
                        event.id());
            }
            return null;
        });
        LOG.warnf("timeline write of %d event(s) failed: %s", events.size(), LogText.of(error.getMessage()));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
