package com.nrsconnector.composition;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.MessageRecord;
import com.nrsconnector.messaging.SmsSendDetails;
import com.nrsconnector.phone.PhoneNumberResolver;
import com.nrsconnector.phone.PhoneResolution;
import com.nrsconnector.workflow.SendIvrInput;
import com.nrsconnector.workflow.SendVoiceInput;
import com.nrsconnector.workflow.VoiceLanguages;

/**
 * Turns a stored voice call and its contact into the call that goes out: the number from the property the action
 * names (the country's prefix added when missing), the text to speak with its contact tokens replaced (or the audio
 * file's URL as given), the voice (the language's default when the action names none) and the campaign name.
 * Anything that makes it impossible is a reason.
 */
@ApplicationScoped
public class VoiceComposer {

    /** A voice call as composed: what the send details record, and what only a voice request carries. */
    public record ComposedVoice(
            SmsSendDetails details, SendVoiceInput input, String voice, Ivr ivr, String failureReason) {

        ComposedVoice(SmsSendDetails details, SendVoiceInput input, String voice, String failureReason) {
            this(details, input, voice, null, failureReason);
        }

        public boolean sendable() {
            return failureReason == null;
        }
    }

    /** The interactive part of a call: its keys and the wrong-key prompt, personalized. */
    public record Ivr(List<ComposedKey> keys, String wrongKeyText, String wrongKeyAudioUrl) {}

    /**
     * One key as 360nrs gets it: the action, the number a TRANSFER goes to (international digits), what a PLAY says
     * (text) or plays (audio URL). An SMS key's text is not given to 360nrs: the connector sends that SMS itself when
     * the press is reported, through its SMS pipeline.
     */
    public record ComposedKey(int digit, String action, String transferTo, String playText, String playAudioUrl) {}

    private final PhoneNumberResolver phones = new PhoneNumberResolver();
    private final MessagePersonalizer personalizer = new MessagePersonalizer();

    @Inject
    VoiceLanguages languages;

    /** The contact properties this call needs: the number's property, the prefix, and every token of its text. */
    public Set<String> requiredProperties(MessageRecord message) {
        SendVoiceInput input = SendVoiceInput.from(message.inputFields());
        Set<String> names = new LinkedHashSet<>(PhoneNumberResolver.lookupProperties(input.phoneProperty()));
        if (input.textToSpeech() && input.text() != null) {
            names.addAll(personalizer.referencedProperties(input.text()));
        }
        SendIvrInput ivr = SendIvrInput.from(message.inputFields());
        for (SendIvrInput.Key key : ivr.keys()) {
            if (key.action() == SendIvrInput.KeyAction.PLAY && key.value() != null) {
                names.addAll(personalizer.referencedProperties(key.value()));
            }
        }
        if (ivr.wrongKeyText() != null) {
            names.addAll(personalizer.referencedProperties(ivr.wrongKeyText()));
        }
        return names;
    }

    public ComposedVoice compose(MessageRecord message, Map<String, String> contact, ZoneId portalZone, Instant now) {
        SendVoiceInput input = SendVoiceInput.from(message.inputFields());
        String campaign = input.campaignName() != null
                ? input.campaignName()
                : CampaignNames.defaultName(Channel.VOICE, now, portalZone);
        PhoneResolution phone = phones.resolveFromProperty(contact, input.phoneProperty(), input.country());
        if (!phone.resolved()) {
            return new ComposedVoice(
                    new SmsSendDetails(null, null, null, null, campaign), input, null, phone.failureReason());
        }
        if (!input.textToSpeech()) {
            return withIvr(
                    new ComposedVoice(
                            new SmsSendDetails(phone.msisdn(), input.audioUrl(), null, null, campaign),
                            input,
                            null,
                            null),
                    message,
                    contact);
        }
        String text = personalizer.render(input.text(), contact).strip();
        SmsSendDetails details = new SmsSendDetails(phone.msisdn(), text, null, null, campaign);
        if (text.isEmpty()) {
            return new ComposedVoice(
                    details, input, null, "the text to speak is empty once contact tokens are replaced");
        }
        List<String> voices = languages.offered().get(input.language());
        if (voices == null) {
            return new ComposedVoice(
                    details,
                    input,
                    null,
                    "the language " + input.language() + " is no longer offered (connector.voice.languages-file)");
        }
        String voice = input.voice() != null ? input.voice() : voices.get(0);
        return withIvr(new ComposedVoice(details, input, voice, null), message, contact);
    }

    /** An interactive call's keys and prompt, when the call has any. */
    private ComposedVoice withIvr(ComposedVoice call, MessageRecord message, Map<String, String> contact) {
        SendIvrInput ivr = SendIvrInput.from(message.inputFields());
        if (ivr.keys().isEmpty() && ivr.wrongKeyText() == null && ivr.wrongKeyAudioUrl() == null) {
            return call;
        }
        List<ComposedKey> keys = new ArrayList<>();
        for (SendIvrInput.Key key : ivr.keys()) {
            String transferTo = null;
            String playText = null;
            String playAudio = null;
            switch (key.action()) {
                case TRANSFER -> {
                    PhoneResolution number = phones.resolveFromProperty(
                            Map.of("transfer", key.value()),
                            "transfer",
                            ivr.voice().country());
                    if (!number.resolved()) {
                        return new ComposedVoice(
                                call.details(),
                                call.input(),
                                call.voice(),
                                null,
                                "key " + key.digit() + " transfers to an invalid number: " + number.failureReason());
                    }
                    transferTo = number.msisdn();
                }
                case PLAY -> {
                    if (key.value().regionMatches(true, 0, "http", 0, 4)) {
                        playAudio = key.value();
                    } else {
                        playText = personalizer.render(key.value(), contact).strip();
                    }
                }
                default -> {
                    // SMS, UNSUBSCRIBE, REPEAT, HANGUP: the action alone.
                }
            }
            keys.add(new ComposedKey(key.digit(), key.action().name(), transferTo, playText, playAudio));
        }
        String wrongText = ivr.wrongKeyText() == null
                ? null
                : personalizer.render(ivr.wrongKeyText(), contact).strip();
        return new ComposedVoice(
                call.details(),
                call.input(),
                call.voice(),
                new Ivr(List.copyOf(keys), wrongText, ivr.wrongKeyAudioUrl()),
                null);
    }
}
