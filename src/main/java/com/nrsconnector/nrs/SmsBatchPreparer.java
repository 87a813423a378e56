package com.nrsconnector.nrs;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
import com.nrsconnector.ops.LogText;
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
    SmsSendOutcome outcomes;

    public List<PreparedSms> prepare(List<Long> messageIds) {
        List<PreparedSms> ready = new ArrayList<>();
        Map<Long, Optional<Portal>> portalCache = new HashMap<>();
        Map<Long, List<MessageRecord>> byPortal = new LinkedHashMap<>();
        Set<Long> interrupted = new HashSet<>(queue.interruptedInFlight(messageIds));
        for (MessageRecord message : messages.findAll(messageIds)) {
            if (interrupted.contains(message.id())) {
                inFlightSettlement(message);
                continue;
            }
            isolated(message, () -> {
                if (message.status() != MessageStatus.PENDING) {
                    queue.remove(message.id());
                    return;
                }
                Optional<Portal> portal = portalCache.computeIfAbsent(message.portalId(), portals::find);
                if (portal.isEmpty() || !portal.get().connected()) {
                    messages.markNotSent(message.id(), "portal " + message.portalId() + " is not connected", null,
                            Instant.now());
                    return;
                }
                byPortal.computeIfAbsent(message.portalId(), id -> new ArrayList<>()).add(message);
            });
        }
        for (Map.Entry<Long, List<MessageRecord>> entry : byPortal.entrySet()) {
            Portal portal = portalCache.get(entry.getKey()).orElseThrow();
            Map<String, Map<String, String>> fetched;
            try {
                fetched = fetchMissingProperties(portal.portalId(), entry.getValue());
            } catch (HubSpotApiException e) {
                if (e.isTransient()) {
                    for (MessageRecord message : entry.getValue()) {
                        isolated(message, () -> outcomes.retryOrGiveUp(message.id(), message.portalId(),
                                "HubSpot contacts batch read", message.template(), e.getMessage(), e.retryAfter()));
                    }
                    LOG.warnf("portal %d: HubSpot could not be reached to read %d contact(s): %s", portal.portalId(),
                            entry.getValue().size(), LogText.of(e.getMessage()));
                    continue;
                }
                if (portals.find(portal.portalId()).map(p -> !p.connected()).orElse(true)) {
                    // The refresh found the app uninstalled: nothing more is sent for this portal.
                    entry.getValue().forEach(message -> isolated(message, () -> messages.markNotSent(message.id(),
                            "portal " + portal.portalId() + " is not connected", null, Instant.now())));
                    continue;
                }
                LOG.warnf("portal %d: contact read failed, using the workflow's properties: %s", portal.portalId(),
                        LogText.of(e.getMessage()));
                fetched = Map.of();
            }
            for (MessageRecord message : entry.getValue()) {
                Map<String, String> contact = new HashMap<>(message.contactProperties());
                fetched.getOrDefault(message.contactId(), Map.of()).forEach(contact::putIfAbsent);
                isolated(message, () -> prepareOne(portal, message, contact).ifPresent(ready::add));
            }
        }
        return ready;
    }

    /** Its previous holder died while calling 360nrs: settled as unknown, and never put back in the queue. */
    private void inFlightSettlement(MessageRecord message) {
        try {
            outcomes.outcomeUnknown(message.id(), message.portalId(), message.template(),
                    "the connector stopped while 360nrs was being called");
        } catch (RuntimeException e) {
            // Still marked in flight: the next holder (or the quarantine step) tries again, and never resends it.
            LOG.errorf("message %d: could not be settled after an interrupted send: %s", message.id(), e);
        }
    }

    /**
     * One message's trouble stays with that message: it goes back to the queue (its attempt counted at the claim) or
     * is settled once its attempts run out, and the rest of the batch goes on.
     */
    private void isolated(MessageRecord message, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "message %d could not be prepared", message.id());
            try {
                outcomes.retryOrGiveUp(message.id(), message.portalId(), "preparing the message", message.template(),
                        e.toString(), null);
            } catch (RuntimeException again) {
                // The database refuses even that: the lease runs out and the quarantine step settles it.
                LOG.errorf("message %d: could not be put back in the queue either: %s", message.id(), again);
            }
        }
    }

    private Optional<PreparedSms> prepareOne(Portal portal, MessageRecord message, Map<String, String> contact) {
        ZoneId zone = portal.timeZone() == null ? null : ZoneId.of(portal.timeZone());
        ComposedSms composed = composer.compose(message, contact, zone, Instant.now());
        if (!composed.sendable()) {
            messages.markNotSent(message.id(), composed.failureReason(), composed.details(), Instant.now());
            LOG.infof("message %d not sent: %s", message.id(), LogText.of(composed.failureReason()));
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
