package com.nrsconnector.nrs;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.jboss.logging.Logger;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.messaging.MessageStatus;
import com.nrsconnector.messaging.ProviderEventInbox;
import com.nrsconnector.ops.LogText;
import com.nrsconnector.security.CallbackSigner;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Takes 360nrs's report of a key pressed during an interactive call (the key notification URL's GET with ref, sig and
 * the %k key), checks that the reference is signed by this connector and hands it to the {@link ProviderEventInbox}
 * as KEY_PRESSED: held until the call is DELIVERED, recorded once however often it is repeated, and what the key does
 * happens with it.
 */
@ApplicationScoped
@Named("voiceKeyReceiver")
@RegisterForReflection
public class VoiceKeyReceiver {

    private static final Logger LOG = Logger.getLogger(VoiceKeyReceiver.class);

    @Inject
    ProviderEventInbox inbox;

    @Inject
    CallbackSigner signer;

    /** Route step: records the press and answers what became of it. */
    public Map<String, String> record(
            @Header("ref") String ref,
            @Header("sig") String sig,
            @Header("key") String key,
            @Header(Exchange.HTTP_QUERY) String query) {
        long messageId;
        try {
            messageId = Long.parseLong(ref == null ? "" : ref.trim());
        } catch (NumberFormatException e) {
            throw RequestRejectedException.badRequest("ref", "ref must be the connector's message reference");
        }
        if (!signer.verify("key", messageId, sig)) {
            throw RequestRejectedException.unauthorized("the callback signature does not match its reference");
        }
        if (key == null || !key.trim().matches("[0-9]")) {
            throw RequestRejectedException.badRequest("key", "key must be the keypad key pressed, 0 to 9");
        }
        String outcome = inbox.record(messageId, MessageStatus.KEY_PRESSED, key.trim(), query, "key " + key.trim());
        LOG.infof("message %d: key %s pressed: %s", messageId, LogText.of(key.trim()), outcome);
        return Map.of("status", outcome);
    }
}
