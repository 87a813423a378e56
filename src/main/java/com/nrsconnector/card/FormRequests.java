package com.nrsconnector.card;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.api.RequestBodies;
import com.nrsconnector.api.RequestRejectedException;

/** What the send forms share in reading a send: the JSON body, its fields, and refusals named by the form's fields. */
final class FormRequests {

    private static final String INPUT_PREFIX = "inputFields.";

    private FormRequests() {}

    /** The body as a JSON object, or a 400 that says what is wrong with it. */
    static JsonNode readObject(ObjectMapper json, String body) {
        return RequestBodies.jsonObject(json, body, "the form as JSON");
    }

    /** A field given as a string, a number or a boolean, as text; null when absent. */
    static String text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw RequestRejectedException.badRequest(field, field + " must be a string");
        }
        return value.asText();
    }

    /** Runs a workflow action's field checks, its refusals naming the form's fields (sender, not inputFields.sender). */
    static void checkAsForm(Runnable checks) {
        try {
            checks.run();
        } catch (RequestRejectedException e) {
            String field = e.field() != null && e.field().startsWith(INPUT_PREFIX)
                    ? e.field().substring(INPUT_PREFIX.length())
                    : e.field();
            throw new RequestRejectedException(e.status(), e.getMessage().replace(INPUT_PREFIX, ""), field);
        }
    }
}
