package com.nrsconnector.nrs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

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

    /** Route step: the request, named as the route says. */
    public Map<String, Object> request(Exchange exchange) {
        PreparedSms call = exchange.getProperty(NrsSmsRequestFactory.PREPARED_SMS, PreparedSms.class);
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
        Map<String, Object> request = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            String field = exchange.getProperty(FIELD_PREFIX + name, String.class);
            if (value != null && field != null && !field.isBlank()) {
                request.put(field.trim(), value);
            }
        });
        return request;
    }
}
