package com.nrsconnector.timeline;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.hubspot.HubSpotApiException;
import com.nrsconnector.hubspot.HubSpotOutbox;
import com.nrsconnector.hubspot.OutboxKind;
import com.nrsconnector.messaging.TimelineEvents;
import com.nrsconnector.messaging.TimelineEvents.TimelineEvent;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Writes pending message events to the contacts' HubSpot timelines through the HubSpot outbox, one writer for both
 * HubSpot APIs, chosen with {@code connector.hubspot.timeline-mode}: app events (the default; new apps must use them,
 * their event types are defined in the developer project under hubspot-app/) and timeline v3 events
 * ({@code templates}, for apps that already have event templates). Each event's id is random
 * and stored with it (unique across databases and installations), so a retried batch does not create a second event
 * and a fresh database never reuses an id HubSpot already holds.
 */
@ApplicationScoped
@Named("timelineEventWriter")
@RegisterForReflection
public class TimelineEventWriter implements OutboxKind<TimelineEventWriter.PendingEvent> {

    /**
     * The properties (v3: tokens) every event carries, as the app-event types of the developer project declare
     * them (hubspot-app/src/app/app-events/).
     */
    public static final List<String> PROPERTY_NAMES =
            List.of("messageId", "connectorMessageId", "channel", "sender", "campaignName", "phone", "details");

    /** A claimed message event as the outbox handles it. */
    record PendingEvent(TimelineEvent event) implements OutboxKind.Item {

        @Override
        public long portalId() {
            return event.portalId();
        }

        @Override
        public int attempts() {
            return event.attempts();
        }

        @Override
        public List<Object> key() {
            return List.of(event.id());
        }

        @Override
        public Long relatedMessageId() {
            return event.messageId();
        }
    }

    @Inject
    HubSpotOutbox outbox;

    @Inject
    ConnectorConfig config;

    @Inject
    TimelineEvents events;

    /** Route step: writes one batch per portal of the events that are due. Returns how many were written. */
    public int flush() {
        return outbox.flush(this);
    }

    @Override
    public String routeId() {
        return "timeline-writer";
    }

    @Override
    public int batchSize() {
        return config.hubspot().timeline().batchSize();
    }

    @Override
    public List<PendingEvent> claim(Connection c, Instant now, Instant leaseEnd, int limit) throws SQLException {
        return events.claim(c, now, leaseEnd, limit).stream()
                .map(PendingEvent::new)
                .toList();
    }

    @Override
    public void written(Connection c, PendingEvent item) throws SQLException {
        events.written(c, item.event().id());
    }

    @Override
    public void retryLater(Connection c, PendingEvent item, Instant at, String error) throws SQLException {
        events.retryLater(c, item.event().id(), at, error);
    }

    @Override
    public void givenUp(Connection c, PendingEvent item, String error) throws SQLException {
        events.givenUp(c, item.event().id(), error);
    }

    @Override
    public String path() {
        return appEvents()
                ? "/integrators/timeline/2026-03/events/batch"
                : "/integrators/timeline/v3/events/batch/create";
    }

    @Override
    public Map<String, Object> input(PendingEvent pending) {
        TimelineEvent event = pending.event();
        Map<String, Object> input = new LinkedHashMap<>();
        if (appEvents()) {
            input.put(
                    "eventTypeName",
                    appEventTypeName(
                            config.hubspot().timeline().appEventTypePrefix().orElse(""), event.eventType()));
            input.put("objectId", event.contactId());
            input.put("id", eventId(event));
            input.put("timestamp", event.occurredAt().toString());
            input.put("properties", tokens(event));
        } else {
            String template = config.hubspot().timeline().templates().get(event.eventType());
            if (template == null) {
                throw new HubSpotApiException(
                        "no timeline template configured for " + event.eventType()
                                + " (connector.hubspot.timeline.templates." + event.eventType()
                                + ", timeline-mode templates)",
                        0,
                        false,
                        null);
            }
            input.put("eventTemplateId", template);
            input.put("objectId", event.contactId());
            input.put("id", eventId(event));
            input.put("timestamp", event.occurredAt().toString());
            input.put("tokens", tokens(event));
        }
        return input;
    }

    @Override
    public String resultId(Map<String, Object> input) {
        return (String) input.get("id");
    }

    /** Both timeline batch APIs accept none of a batch when one event is invalid (400) or exists already (409). */
    @Override
    public boolean refusesWholeBatch(HubSpotApiException answer) {
        return answer.answeredByHubSpot() && (answer.status() == 400 || answer.status() == 409);
    }

    /**
     * Events are immutable and their ids are the connector's own: a 409 for a lone event means that an earlier
     * attempt wrote it (its answer lost), so it is on the timeline.
     */
    @Override
    public boolean alreadyWritten(HubSpotApiException answer) {
        return answer.answeredByHubSpot() && answer.status() == 409;
    }

    private boolean appEvents() {
        return config.hubspot().timelineMode() == ConnectorConfig.TimelineMode.APP_EVENTS;
    }

    /** The event's id, drawn at random when it was recorded and the same on every retry. */
    static String eventId(TimelineEvent event) {
        return event.eventUid();
    }

    /** The event's properties (v3: tokens); their names are {@link #PROPERTY_NAMES}. */
    static Map<String, String> tokens(TimelineEvent event) {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("messageId", nullToEmpty(event.providerMessageId()));
        tokens.put("connectorMessageId", Long.toString(event.messageId()));
        tokens.put("channel", event.channel());
        // A voice call without a caller id is made from the account's default caller.
        tokens.put(
                "sender",
                event.sender() == null && "VOICE".equals(event.channel())
                        ? "Default Caller"
                        : nullToEmpty(event.sender()));
        tokens.put("campaignName", nullToEmpty(event.campaignName()));
        tokens.put("phone", nullToEmpty(event.phone()));
        tokens.put("details", nullToEmpty(event.details()));
        return tokens;
    }

    /** The app-event type name of an event type: the configured prefix and the type in lower case (sms_sent). */
    public static String appEventTypeName(String prefix, String eventType) {
        return prefix + eventType.toLowerCase(Locale.ROOT);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
