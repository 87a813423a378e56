package com.nrsconnector.composition;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.MessageRecord;
import com.nrsconnector.messaging.SmsSendDetails;
import com.nrsconnector.phone.PhoneNumberResolver;
import com.nrsconnector.phone.PhoneResolution;
import com.nrsconnector.workflow.SendVoiceInput;
import com.nrsconnector.workflow.VoiceLanguages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a stored voice call and its contact into the call that goes out: the number from the property the action
 * names (the country's prefix added when missing), the text to speak with its contact tokens replaced (or the audio
 * file's URL as given), the voice (the language's default when the action names none) and the campaign name.
 * Anything that makes it impossible is a reason.
 */
@ApplicationScoped
public class VoiceComposer {

    /** A voice call as composed: what the send details record, and what only a voice request carries. */
    public record ComposedVoice(SmsSendDetails details, SendVoiceInput input, String voice, String failureReason) {

        public boolean sendable() {
            return failureReason == null;
        }
    }

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
        return names;
    }

    public ComposedVoice compose(MessageRecord message, Map<String, String> contact, ZoneId portalZone, Instant now) {
        SendVoiceInput input = SendVoiceInput.from(message.inputFields());
        String campaign = input.campaignName() != null ? input.campaignName()
                : CampaignNames.defaultName(Channel.VOICE, now, portalZone);
        PhoneResolution phone = phones.resolveFromProperty(contact, input.phoneProperty(), input.country());
        if (!phone.resolved()) {
            return new ComposedVoice(new SmsSendDetails(null, null, null, null, campaign), input, null,
                    phone.failureReason());
        }
        if (!input.textToSpeech()) {
            return new ComposedVoice(new SmsSendDetails(phone.msisdn(), input.audioUrl(), null, null, campaign), input,
                    null, null);
        }
        String text = personalizer.render(input.text(), contact).strip();
        SmsSendDetails details = new SmsSendDetails(phone.msisdn(), text, null, null, campaign);
        if (text.isEmpty()) {
            return new ComposedVoice(details, input, null, "the text to speak is empty once contact tokens are replaced");
        }
        List<String> voices = languages.offered().get(input.language());
        if (voices == null) {
            return new ComposedVoice(details, input, null, "the language " + input.language()
                    + " is no longer offered (connector.voice.languages-file)");
        }
        String voice = input.voice() != null ? input.voice() : voices.get(0);
        return new ComposedVoice(details, input, voice, null);
    }
}
