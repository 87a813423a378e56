package com.nrsconnector.nrs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import com.nrsconnector.composition.VoiceComposer;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of a 360nrs voice request as a map, its field names given by the route that sends it
 * (routes/nrs-voice-request.yaml): each value the connector has is put under the name the route's exchange property
 * {@code nrsField.<value>} holds, and left out when that name is empty or the property is missing. Most of these
 * names are not documented by 360nrs, so they live in the route, where they are corrected without a redeploy.
 */
@ApplicationScoped
@Named("nrsVoiceRequestFactory")
@RegisterForReflection
public class NrsVoiceRequestFactory {

    /** The exchange properties that name the request's fields: nrsField.to, nrsField.caller, ... */
    public static final String FIELD_PREFIX = "nrsField.";
    /** The field names inside each key of an interactive call: nrsKeyField.key, nrsKeyField.action, ... */
    public static final String KEY_FIELD_PREFIX = "nrsKeyField.";
    /** The value each key action is sent as: nrsKeyAction.TRANSFER, ... (missing: the action in lower case). */
    public static final String KEY_ACTION_PREFIX = "nrsKeyAction.";

    /** Route step: the request, named as the route says. */
    public Map<String, Object> request(Exchange exchange) {
        // A call goes one per request.
        PreparedSend call = exchange.getProperty(NrsSmsRequestFactory.PREPARED_SEND, SendGroup.class)
                .first();
        VoiceCall voice = call.voice();
        if (voice == null) {
            throw new IllegalStateException("message " + call.messageId() + " is not a voice call");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("to", List.of(call.details().phone()));
        values.put("caller", voice.caller());
        values.put("locutionType", voice.locutionType());
        values.put("text", voice.audioUrl() == null ? call.details().text() : null);
        values.put("language", voice.language());
        values.put("voice", voice.voice());
        values.put("audioUrl", voice.audioUrl());
        values.put("campaignName", call.details().campaignName());
        values.put("notificationUrl", call.notificationUrl());
        VoiceComposer.Ivr ivr = voice.ivr();
        if (ivr != null) {
            List<Map<String, Object>> keys = new ArrayList<>();
            for (VoiceComposer.ComposedKey key : ivr.keys()) {
                Map<String, Object> keyValues = new LinkedHashMap<>();
                keyValues.put("key", Integer.toString(key.digit()));
                String action = exchange.getProperty(KEY_ACTION_PREFIX + key.action(), String.class);
                keyValues.put("action", action == null ? key.action().toLowerCase(Locale.ROOT) : action);
                keyValues.put("transferTo", key.transferTo());
                keyValues.put("playText", key.playText());
                keyValues.put("playAudioUrl", key.playAudioUrl());
                keys.add(named(exchange, KEY_FIELD_PREFIX, keyValues));
            }
            values.put("keys", keys);
            values.put("wrongKeyText", ivr.wrongKeyText());
            values.put("wrongKeyAudioUrl", ivr.wrongKeyAudioUrl());
            values.put("keyNotificationUrl", voice.keyNotificationUrl());
        }
        return named(exchange, FIELD_PREFIX, values);
    }

    /** The values the route names (under prefix + value name), by those names; unnamed and null values left out. */
    private static Map<String, Object> named(Exchange exchange, String prefix, Map<String, Object> values) {
        Map<String, Object> request = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            String field = exchange.getProperty(prefix + name, String.class);
            if (value != null && field != null && !field.isBlank()) {
                request.put(field.trim(), value);
            }
        });
        return request;
    }
}
