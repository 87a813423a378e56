package com.nrsconnector.send;

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

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.jboss.logging.Logger;

import com.nrsconnector.composition.ComposedSms;
import com.nrsconnector.composition.SmsComposer;
import com.nrsconnector.composition.VoiceComposer;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.config.Urls;
import com.nrsconnector.encoding.SmsEncodingAnalyzer;
import com.nrsconnector.hubspot.HubSpotApiClient;
import com.nrsconnector.hubspot.HubSpotApiException;
import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.MessageRecord;
import com.nrsconnector.messaging.MessageStatus;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.nrs.PreparedSend;
import com.nrsconnector.nrs.VoiceCall;
import com.nrsconnector.ops.LogText;
import com.nrsconnector.security.CallbackSigner;
import com.nrsconnector.store.Portal;
import com.nrsconnector.store.PortalStore;
import com.nrsconnector.unsubscribe.OptOutStore;
import com.nrsconnector.workflow.SendVoiceInput;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Prepares a claimed batch of sends, one route step per method (routes/send-pipeline.yaml): load the messages, read
 * the contact properties the workflow payload lacked (one contacts batch-read per portal, never one call per
 * recipient), look the number up and compose each SMS, then the suppression checks. Each step settles at once the
 * sends that cannot go (NOT_SENT with the reason) and passes the others on; one message's trouble stays with it.
 */
@ApplicationScoped
@Named("sendBatchPreparer")
@RegisterForReflection
public class SendBatchPreparer {

    private static final Logger LOG = Logger.getLogger(SendBatchPreparer.class);
    static final String UNSUBSCRIBED = "the recipient unsubscribed from SMS for this portal";
    static final String VOICE_UNSUBSCRIBED =
            "unsubscribed: the recipient unsubscribed from voice calls for this portal";

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
    SendOutcome outcomes;

    @Inject
    OptOutStore optOuts;

    @Inject
    VoiceComposer voiceComposer;

    /**
     * Route step: the claimed messages still to be sent, with their portals. Sends whose previous holder died while
     * calling 360nrs are settled as unknown here, and sends already settled leave the queue.
     */
    public List<SendCandidate> load(@Body List<Long> messageIds) {
        List<SendCandidate> candidates = new ArrayList<>();
        Map<Long, Optional<Portal>> portalCache = new HashMap<>();
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
                candidates.add(
                        new SendCandidate(message, portalCache.computeIfAbsent(message.portalId(), portals::find)));
            });
        }
        return candidates;
    }

    /**
     * Route step: adds the contact properties the messages need and the workflow payload lacked, with one contacts
     * batch-read per portal. Portals that are not connected are not asked (the suppression step refuses their sends).
     */
    public List<SendCandidate> enrich(@Body List<SendCandidate> candidates) {
        Map<Long, List<SendCandidate>> byPortal = new LinkedHashMap<>();
        List<SendCandidate> enriched = new ArrayList<>();
        for (SendCandidate candidate : candidates) {
            if (candidate.portalConnected()) {
                byPortal.computeIfAbsent(candidate.message().portalId(), id -> new ArrayList<>())
                        .add(candidate);
            } else {
                enriched.add(candidate);
            }
        }
        for (Map.Entry<Long, List<SendCandidate>> entry : byPortal.entrySet()) {
            long portalId = entry.getKey();
            List<SendCandidate> batch = entry.getValue();
            Map<String, Map<String, String>> fetched;
            try {
                fetched = fetchMissingProperties(portalId, batch);
            } catch (HubSpotApiException e) {
                if (e.isTransient()) {
                    for (SendCandidate candidate : batch) {
                        MessageRecord message = candidate.message();
                        isolated(
                                message,
                                () -> outcomes.retryOrGiveUp(
                                        message.id(),
                                        message.portalId(),
                                        "HubSpot contacts batch read",
                                        message.template(),
                                        e.getMessage(),
                                        e.retryAfter()));
                    }
                    LOG.warnf(
                            "portal %d: HubSpot could not be reached to read %d contact(s): %s",
                            portalId, batch.size(), LogText.of(e.getMessage()));
                    continue;
                }
                Optional<Portal> refreshed = portals.find(portalId);
                if (refreshed.map(p -> !p.connected()).orElse(true)) {
                    // The refresh found the app uninstalled: the suppression step refuses these sends.
                    batch.forEach(candidate -> candidate.portal(refreshed));
                    enriched.addAll(batch);
                    continue;
                }
                LOG.warnf(
                        "portal %d: contact read failed, using the workflow's properties: %s",
                        portalId, LogText.of(e.getMessage()));
                fetched = Map.of();
            }
            for (SendCandidate candidate : batch) {
                Map<String, String> contact = new HashMap<>(candidate.contact());
                fetched.getOrDefault(candidate.message().contactId(), Map.of()).forEach(contact::putIfAbsent);
                candidate.contact(contact);
                enriched.add(candidate);
            }
        }
        return enriched;
    }

    /**
     * Route step: looks the number up, personalizes the text and picks the encoding. A message that cannot be sent
     * as composed (no number, too many parts, ...) is settled NOT_SENT with the reason.
     */
    public List<SendCandidate> compose(@Body List<SendCandidate> candidates) {
        List<SendCandidate> composed = new ArrayList<>();
        for (SendCandidate candidate : candidates) {
            if (!candidate.portalConnected()) {
                // Nothing to compose with (no portal, or no account): left to the suppression step.
                composed.add(candidate);
                continue;
            }
            isolated(
                    candidate.message(),
                    () -> prepareOne(candidate).ifPresent(prepared -> {
                        candidate.prepared(prepared);
                        composed.add(candidate);
                    }));
        }
        return composed;
    }

    /**
     * Route step: the checks that may refuse a composed send before it reaches 360nrs: the portal must still be
     * connected, and the number must not have unsubscribed from SMS for that portal (one query per portal and
     * batch). Returns the sends ready for 360nrs.
     */
    public List<PreparedSend> suppress(@Body List<SendCandidate> candidates) {
        List<PreparedSend> ready = new ArrayList<>();
        Map<String, Map<String, String>> unsubscribed = new HashMap<>();
        for (SendCandidate candidate : candidates) {
            MessageRecord message = candidate.message();
            isolated(message, () -> {
                if (!candidate.portalConnected()) {
                    // A disconnected portal's sends end as the disconnection settles its queue: "disconnected".
                    boolean disconnected =
                            candidate.portal().map(Portal::disconnected).orElse(false);
                    messages.markNotSent(
                            message.id(),
                            disconnected ? "disconnected" : "portal " + message.portalId() + " is not connected",
                            null,
                            Instant.now());
                    return;
                }
                if (candidate.prepared() == null) {
                    throw new IllegalStateException("message " + message.id() + " reached the suppression checks "
                            + "without being composed: the compose step must come first");
                }
                String phone = candidate.prepared().details().phone();
                Channel channel = message.channel();
                String optedOutVia = unsubscribed
                        .computeIfAbsent(
                                message.portalId() + "/" + channel,
                                key -> unsubscribedNumbers(message.portalId(), channel, candidates))
                        .get(phone);
                if (optedOutVia != null) {
                    messages.markNotSent(
                            message.id(),
                            (channel == Channel.VOICE ? VOICE_UNSUBSCRIBED : UNSUBSCRIBED) + " (" + optedOutVia + ")",
                            candidate.prepared().details(),
                            Instant.now());
                    return;
                }
                ready.add(candidate.prepared());
            });
        }
        return ready;
    }

    /**
     * The numbers of this portal's composed sends on a channel in the batch that unsubscribed from it, each with how
     * (one query).
     */
    private Map<String, String> unsubscribedNumbers(long portalId, Channel channel, List<SendCandidate> candidates) {
        return optOuts.optedOutVia(
                portalId,
                channel,
                candidates.stream()
                        .filter(c -> c.prepared() != null
                                && c.message().portalId() == portalId
                                && c.message().channel() == channel)
                        .map(c -> c.prepared().details().phone())
                        .toList());
    }

    /** Its previous holder died while calling 360nrs: settled as unknown, and never put back in the queue. */
    private void inFlightSettlement(MessageRecord message) {
        try {
            outcomes.outcomeUnknown(
                    message.id(),
                    message.portalId(),
                    message.channel(),
                    message.template(),
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
                outcomes.retryOrGiveUp(
                        message.id(),
                        message.portalId(),
                        "preparing the message",
                        message.template(),
                        e.toString(),
                        null);
            } catch (RuntimeException again) {
                // The database refuses even that: the lease runs out and the quarantine step settles it.
                LOG.errorf("message %d: could not be put back in the queue either: %s", message.id(), again);
            }
        }
    }

    private Optional<PreparedSend> prepareOne(SendCandidate candidate) {
        Portal portal = candidate.portal().orElseThrow();
        MessageRecord message = candidate.message();
        ZoneId zone = portal.timeZone() == null ? null : ZoneId.of(portal.timeZone());
        if (message.channel() == Channel.VOICE) {
            return prepareVoice(candidate, portal, zone);
        }
        ComposedSms composed = composer.compose(message, candidate.contact(), zone, Instant.now());
        if (!composed.sendable()) {
            messages.markNotSent(message.id(), composed.failureReason(), composed.details(), Instant.now());
            LOG.infof("message %d not sent: %s", message.id(), LogText.of(composed.failureReason()));
            return Optional.empty();
        }
        return Optional.of(new PreparedSend(
                message.id(),
                portal.portalId(),
                portal.nrsUsername(),
                portal.nrsApiPassword(),
                message.sender().trim(),
                composed.details(),
                SmsEncodingAnalyzer.MAX_PARTS,
                notificationUrl(message.id(), "sms")));
    }

    private Optional<PreparedSend> prepareVoice(SendCandidate candidate, Portal portal, ZoneId zone) {
        MessageRecord message = candidate.message();
        VoiceComposer.ComposedVoice composed = voiceComposer.compose(message, candidate.contact(), zone, Instant.now());
        if (!composed.sendable()) {
            messages.markNotSent(message.id(), composed.failureReason(), composed.details(), Instant.now());
            LOG.infof("message %d not sent: %s", message.id(), LogText.of(composed.failureReason()));
            return Optional.empty();
        }
        SendVoiceInput input = composed.input();
        VoiceCall call = new VoiceCall(
                input.caller(),
                input.locutionType(),
                input.textToSpeech() ? input.language() : null,
                composed.voice(),
                input.textToSpeech() ? null : input.audioUrl(),
                composed.ivr(),
                composed.ivr() == null ? null : keyNotificationUrl(message.id()));
        return Optional.of(new PreparedSend(
                message.id(),
                portal.portalId(),
                portal.nrsUsername(),
                portal.nrsApiPassword(),
                input.caller(),
                composed.details(),
                1,
                notificationUrl(message.id(), "voice"),
                call));
    }

    private Map<String, Map<String, String>> fetchMissingProperties(long portalId, List<SendCandidate> batch) {
        Set<String> properties = new LinkedHashSet<>();
        List<String> contactIds = new ArrayList<>();
        for (SendCandidate candidate : batch) {
            MessageRecord message = candidate.message();
            Set<String> missing = new LinkedHashSet<>(
                    message.channel() == Channel.VOICE
                            ? voiceComposer.requiredProperties(message)
                            : composer.requiredProperties(message));
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

    /** 360nrs reports a key pressed during an interactive call here; %k (the key) and %t are its placeholders. */
    private String keyNotificationUrl(long messageId) {
        return Urls.join(config.publicBaseUrl(), "/callbacks/360nrs/voice/key") + "?ref=" + messageId + "&sig="
                + signer.sign("key", messageId) + "&key=%k&at=%t";
    }

    /** 360nrs calls this back with the delivery report; %d, %P and %t are its placeholders. */
    private String notificationUrl(long messageId, String channel) {
        return Urls.join(config.publicBaseUrl(), "/callbacks/360nrs/" + channel) + "?ref=" + messageId + "&sig="
                + signer.sign("dlr", messageId) + "&status=%d&to=%P&at=%t";
    }
}
