package com.nrsconnector.ivr;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.KeyPressListener;
import com.nrsconnector.messaging.MessageRecord;
import com.nrsconnector.messaging.MessageStatus;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.phone.PhoneNumberResolver;
import com.nrsconnector.unsubscribe.OptOutStore;
import com.nrsconnector.workflow.CompletionStore;
import com.nrsconnector.workflow.SendIvrInput;
import com.nrsconnector.workflow.SendSmsInput;

/**
 * What a key pressed during an interactive call does on the connector's side, in the transaction of its
 * VOICE_KEY_PRESSED event: an SMS key queues that SMS as a message of its own (the SMS pipeline sends it to the number
 * that was called, with its own SMS_* events; no workflow waits for it), an UNSUBSCRIBE key records a voice opt-out
 * for that number and raises VOICE_UNSUBSCRIBED. Transfers, plays, repeats and hang-ups happen in the call itself.
 */
@ApplicationScoped
public class IvrKeyActions implements KeyPressListener {

    private static final Logger LOG = Logger.getLogger(IvrKeyActions.class);

    @Inject
    MessageStore messages;

    @Inject
    SendQueue queue;

    @Inject
    OptOutStore optOuts;

    @Inject
    CompletionStore completions;

    @Override
    public String describe(Connection c, long messageId, String key) throws SQLException {
        Optional<SendIvrInput.Key> action = keyOf(c, messageId, key);
        return "key " + key + ": " + action.map(k -> k.action().name()).orElse("no action");
    }

    @Override
    public void pressed(Connection c, long messageId, String key) throws SQLException {
        MessageRecord call = messages.lock(c, messageId).orElse(null);
        if (call == null) {
            return;
        }
        if (call.callbackId() != null && key != null && key.matches("[0-9]")) {
            // The workflow waiting for the call learns the key (its keyPressed output).
            completions.keyPressed(c, call.portalId(), call.callbackId(), key);
        }
        Optional<SendIvrInput.Key> action = keyOf(c, messageId, key);
        if (action.isEmpty()) {
            return;
        }
        switch (action.get().action()) {
            case SMS -> sendSms(c, call, action.get());
            case UNSUBSCRIBE -> unsubscribe(c, call, key);
            default -> {
                // Done by 360nrs during the call.
            }
        }
    }

    private void sendSms(Connection c, MessageRecord call, SendIvrInput.Key key) throws SQLException {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put(SendSmsInput.SENDER, key.sender());
        inputs.put(SendSmsInput.MESSAGE, key.value());
        if (call.campaignName() != null) {
            inputs.put(SendSmsInput.CAMPAIGN_NAME, call.campaignName());
        }
        // The SMS goes to the number that was called and pressed the key, whatever the contact's SMS number is.
        Map<String, String> contact = new LinkedHashMap<>(call.contactProperties());
        contact.put(PhoneNumberResolver.MOBILE_PHONE_360NRS, "+" + call.phone());
        long sms = messages.insertPending(
                c, null, call.portalId(), call.contactId(), Channel.SMS, key.sender(), key.value(), inputs, contact);
        queue.enqueue(c, sms);
        LOG.infof("message %d: key %d queued SMS %d", call.id(), key.digit(), sms);
    }

    private void unsubscribe(Connection c, MessageRecord call, String key) throws SQLException {
        optOuts.record(
                c, call.portalId(), Channel.VOICE, call.phone(), call.contactId(), call.id(), OptOutStore.KEYPAD);
        messages.applyProviderStatus(
                c,
                call.id(),
                MessageStatus.UNSUBSCRIBED,
                Instant.now(),
                "key " + key + ": unsubscribed from voice calls");
        LOG.infof("message %d: key %s recorded a voice opt-out", call.id(), key);
    }

    private Optional<SendIvrInput.Key> keyOf(Connection c, long messageId, String key) throws SQLException {
        if (key == null || !key.matches("[0-9]")) {
            return Optional.empty();
        }
        return messages.lock(c, messageId)
                .flatMap(m -> SendIvrInput.from(m.inputFields()).key(Integer.parseInt(key)));
    }
}
