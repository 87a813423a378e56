package com.nrsconnector.nrs;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import com.nrsconnector.config.Urls;
import com.nrsconnector.composition.ComposedSms;
import com.nrsconnector.composition.SmsComposer;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.encoding.SmsEncodingAnalyzer;
import com.nrsconnector.hubspot.HubSpotApiClient;
import com.nrsconnector.hubspot.HubSpotApiException;
import com.nrsconnector.messaging.MessageRecord;
import com.nrsconnector.messaging.MessageStatus;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.ops.DeadLetterStore;
import com.nrsconnector.security.CallbackSigner;
import com.nrsconnector.store.Portal;
import com.nrsconnector.store.PortalStore;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Prepares a claimed batch of sends: fetches the contact properties the workflow payload lacked (one contacts
 * batch-read per portal, never one call per recipient), composes each SMS, and settles at once those that cannot be
 * sent (NOT_SENT with the reason). Returns the ones ready for 360nrs.
 */
@ApplicationScoped
@Named("smsBatchPreparer")
@RegisterForReflection
public class SmsBatchPreparer {

    private static final Logger LOG = Logger.getLogger(SmsBatchPreparer.class);

    @Inject
    MessageStore messages;

    @Inject
    SendQueue queue;

    @Inject
    PortalStore portals;

    @Inject
    HubSpotApiClient hubspot;

    @Inject
    SmsComposer composer;

    @Inject
    CallbackSigner signer;

    @Inject
    ConnectorConfig config;

    @Inject
    DeadLetterStore deadLetters;

    public List<PreparedSms> prepare(List<Long> messageIds) {
        List<PreparedSms> ready = new ArrayList<>();
        Map<Long, Optional<Portal>> portalCache = new HashMap<>();
        Map<Long, List<MessageRecord>> byPortal = new LinkedHashMap<>();
        Set<Long> interrupted = new java.util.HashSet<>(queue.interruptedInFlight(messageIds));
        for (MessageRecord message : messages.findAll(messageIds)) {
            if (interrupted.contains(message.id())) {
                settleInterrupted(message);
                continue;
            }
            if (message.status() != MessageStatus.PENDING) {
                queue.remove(message.id());
                continue;
            }
            Optional<Portal> portal = portalCache.computeIfAbsent(message.portalId(), portals::find);
            if (portal.isEmpty() || !portal.get().connected()) {
                messages.markNotSent(message.id(), "portal " + message.portalId() + " is not connected", null,
                        Instant.now());
                continue;
            }
            byPortal.computeIfAbsent(message.portalId(), id -> new ArrayList<>()).add(message);
        }
        for (Map.Entry<Long, List<MessageRecord>> entry : byPortal.entrySet()) {
            Portal portal = portalCache.get(entry.getKey()).orElseThrow();
            Map<String, Map<String, String>> fetched;
            try {
                fetched = fetchMissingProperties(portal.portalId(), entry.getValue());
            } catch (HubSpotApiException e) {
                if (e.isTransient()) {
                    retryLater(entry.getValue(), "HubSpot could not be reached to read the contact", e);
                    continue;
                }
                if (portals.find(portal.portalId()).map(p -> !p.connected()).orElse(true)) {
                    // The refresh found the app uninstalled: nothing more is sent for this portal.
                    entry.getValue().forEach(message -> messages.markNotSent(message.id(),
                            "portal " + portal.portalId() + " is not connected", null, Instant.now()));
                    continue;
                }
                LOG.warnf("portal %d: contact read failed, using the workflow's properties: %s", portal.portalId(),
                        e.getMessage());
                fetched = Map.of();
            }
            for (MessageRecord message : entry.getValue()) {
                Map<String, String> contact = new HashMap<>(message.contactProperties());
                fetched.getOrDefault(message.contactId(), Map.of()).forEach(contact::putIfAbsent);
                prepareOne(portal, message, contact).ifPresent(ready::add);
            }
        }
        return ready;
    }

    /** Transient trouble before the send: back to the queue with backoff, or NOT_SENT once the attempts run out. */
    private void retryLater(List<MessageRecord> batch, String what, HubSpotApiException error) {
        for (MessageRecord message : batch) {
            int attempts = queue.attempts(message.id());
            if (queue.attemptsExhausted(attempts)) {
                String reason = what + " after " + attempts + " attempts: " + error.getMessage();
                if (messages.markNotSent(message.id(), reason, null, Instant.now())) {
                    deadLetters.record("send-sms", "HubSpot contacts batch read", message.template(),
                            Map.of("messageId", message.id(), "portalId", message.portalId()), reason, attempts,
                            message.id());
                }
            } else {
                queue.retryLater(message.id(), error.retryAfter() != null ? error.retryAfter() : queue.backoff(attempts),
                        error.getMessage());
            }
        }
        LOG.warnf("%s (%d send(s) retried or settled): %s", what, batch.size(), error.getMessage());
    }

    /**
     * An instance died while calling 360nrs for this message: it may or may not have been accepted, and 360nrs offers
     * no way to ask. Sending again could deliver it twice, so it is settled as NOT_SENT and kept as a dead letter
     * for an operator to check and replay.
     */
    private void settleInterrupted(MessageRecord message) {
        String reason = "the connector stopped while 360nrs was being called; the outcome is unknown, so the message "
                + "was not sent again (check 360nrs, then replay the dead letter if it was not received)";
        int attempts = queue.attempts(message.id());
        if (messages.markNotSent(message.id(), reason, null, Instant.now())) {
            deadLetters.record("send-sms", "360nrs POST /sms", message.template(),
                    Map.of("messageId", message.id(), "portalId", message.portalId(), "contactId", message.contactId()),
                    reason, attempts, message.id());
        }
        LOG.warnf("message %d: %s", message.id(), reason);
    }

    private Optional<PreparedSms> prepareOne(Portal portal, MessageRecord message, Map<String, String> contact) {
        ZoneId zone = portal.timeZone() == null ? null : ZoneId.of(portal.timeZone());
        ComposedSms composed = composer.compose(message, contact, zone, Instant.now());
        if (!composed.sendable()) {
            messages.markNotSent(message.id(), composed.failureReason(), composed.details(), Instant.now());
            LOG.infof("message %d not sent: %s", message.id(), composed.failureReason());
            return Optional.empty();
        }
        return Optional.of(new PreparedSms(message.id(), portal.portalId(), portal.nrsUsername(),
                portal.nrsApiPassword(), message.sender().trim(), composed.details(), SmsEncodingAnalyzer.MAX_PARTS,
                notificationUrl(message.id())));
    }

    private Map<String, Map<String, String>> fetchMissingProperties(long portalId, List<MessageRecord> batch) {
        Set<String> properties = new LinkedHashSet<>();
        List<String> contactIds = new ArrayList<>();
        for (MessageRecord message : batch) {
            Set<String> missing = new LinkedHashSet<>(composer.requiredProperties(message));
            missing.removeAll(message.contactProperties().keySet());
            if (!missing.isEmpty()) {
                properties.addAll(missing);
                if (!contactIds.contains(message.contactId())) {
                    contactIds.add(message.contactId());
                }
            }
        }
        if (contactIds.isEmpty()) {
            return Map.of();
        }
        return hubspot.batchReadContacts(portalId, contactIds, new ArrayList<>(properties));
    }

    /** 360nrs calls this back with the delivery report; %d, %P and %t are its placeholders. */
    private String notificationUrl(long messageId) {
        return Urls.join(config.publicBaseUrl(), "/callbacks/360nrs/sms") + "?ref=" + messageId + "&sig=" + signer.sign("dlr", messageId)
                + "&status=%d&to=%P&at=%t";
    }
}
