package com.nrsconnector.nrs;

import com.nrsconnector.composition.VoiceComposer;

/**
 * What only a voice call carries, besides its number, text and campaign: the caller id (null for 360nrs's default
 * caller), the locution type (TTS or AUDIO), for text-to-speech the language and voice, for an audio file its URL;
 * for an interactive call its keys and wrong-key prompt (null otherwise) and where 360nrs reports a key press.
 */
public record VoiceCall(
        String caller,
        String locutionType,
        String language,
        String voice,
        String audioUrl,
        VoiceComposer.Ivr ivr,
        String keyNotificationUrl) {

    public VoiceCall(String caller, String locutionType, String language, String voice, String audioUrl) {
        this(caller, locutionType, language, voice, audioUrl, null, null);
    }
}
