package com.nrsconnector.nrs;

/**
 * What only a voice call carries, besides its number, text and campaign: the caller id (null for 360nrs's default
 * caller), the locution type (TTS or AUDIO), for text-to-speech the language and voice, for an audio file its URL.
 */
public record VoiceCall(String caller, String locutionType, String language, String voice, String audioUrl) {
}
