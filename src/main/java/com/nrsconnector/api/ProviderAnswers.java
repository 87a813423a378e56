package com.nrsconnector.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading what HubSpot and 360nrs answer, whatever they answer: leniently, and short enough to log or store. */
public final class ProviderAnswers {

    private static final int SHOWN = 300;

    private ProviderAnswers() {}

    /** The answer as JSON; an empty or non-JSON answer reads as an empty object. */
    public static JsonNode json(ObjectMapper json, String body) {
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }

    /** At most the first 300 characters of an answer, for error messages. */
    public static String abbreviate(String body) {
        return body == null ? "" : body.length() > SHOWN ? body.substring(0, SHOWN) + "..." : body;
    }
}
