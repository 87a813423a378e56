package com.nrsconnector.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.RoutingContext;

/**
 * Request bodies of the HubSpot stand-in's controls and APIs as JSON: a blank body is an empty object (most controls
 * take optional fields), one that is not JSON is null, for the caller to refuse.
 */
final class SandboxRequestBodies {

    private SandboxRequestBodies() {}

    static JsonNode json(RoutingContext ctx, ObjectMapper json) {
        return ctx.body() == null ? null : json(ctx.body().asString(), json);
    }

    static JsonNode json(String text, ObjectMapper json) {
        try {
            return text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }
}
