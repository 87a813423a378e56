package com.nrsconnector.workflow;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The input fields of "Send Voice Message through 360NRS", validated: the number's property (default
 * {@code mobilephone}), the country whose prefix is added when missing, the caller id (none: 360nrs's default caller),
 * the locution (text-to-speech in a language and voice, or an audio file) and the campaign name.
 */
public record SendVoiceInput(
        String phoneProperty,
        String country,
        String caller,
        String locutionType,
        String language,
        String voice,
        String text,
        String audioUrl,
        String campaignName) {

    public static final String PHONE_PROPERTY = "phoneProperty";
    public static final String COUNTRY = "country";
    public static final String CALLER = "caller";
    public static final String LOCUTION_TYPE = "locutionType";
    public static final String LANGUAGE = "language";
    public static final String VOICE = "voice";
    public static final String TEXT = "text";
    public static final String AUDIO_URL = "audioUrl";
    public static final String CAMPAIGN_NAME = "campaignName";

    /** The input fields, in the order the contact-record form reads them. */
    public static final List<String> FIELDS =
            List.of(PHONE_PROPERTY, COUNTRY, CALLER, LOCUTION_TYPE, LANGUAGE, VOICE, TEXT, AUDIO_URL, CAMPAIGN_NAME);

    public static final String TTS = "TTS";
    public static final String AUDIO = "AUDIO";
    public static final String DEFAULT_PHONE_PROPERTY = "mobilephone";

    public static SendVoiceInput from(Map<String, String> fields) {
        String phoneProperty = blankToNull(fields.get(PHONE_PROPERTY));
        String type = blankToNull(fields.get(LOCUTION_TYPE));
        return new SendVoiceInput(
                phoneProperty == null ? DEFAULT_PHONE_PROPERTY : phoneProperty,
                blankToNull(fields.get(COUNTRY)),
                blankToNull(fields.get(CALLER)),
                type == null ? null : type.toUpperCase(Locale.ROOT),
                blankToNull(fields.get(LANGUAGE)),
                blankToNull(fields.get(VOICE)),
                fields.get(TEXT),
                blankToNull(fields.get(AUDIO_URL)),
                blankToNull(fields.get(CAMPAIGN_NAME)));
    }

    public boolean textToSpeech() {
        return TTS.equals(locutionType);
    }

    /** What is said: the text (with its contact tokens) for text-to-speech, the audio file's URL otherwise. */
    public String locution() {
        return textToSpeech() ? text : audioUrl;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
