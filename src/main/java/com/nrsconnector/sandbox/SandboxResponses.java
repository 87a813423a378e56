package com.nrsconnector.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.RoutingContext;

/** JSON answers of the stand-ins. */
final class SandboxResponses {

    private SandboxResponses() {
    }

    static void json(RoutingContext ctx, ObjectMapper json, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end(e.getMessage());
        }
    }

    /** The request body as JSON, or null when it is missing or not JSON (the caller answers as its service would). */
    static JsonNode readJson(RoutingContext ctx, ObjectMapper json) {
        try {
            return json.readTree(ctx.body() == null ? "" : ctx.body().asString());
        } catch (Exception e) {
            return null;
        }
    }

    static void empty(RoutingContext ctx, int status) {
        ctx.response().setStatusCode(status).end();
    }
}
