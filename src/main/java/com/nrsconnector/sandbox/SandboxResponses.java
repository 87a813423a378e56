package com.nrsconnector.sandbox;

import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.RoutingContext;

/** JSON answers of the stand-ins. */
final class SandboxResponses {

    private SandboxResponses() {}

    /** The routing-context key of an answer delay (milliseconds) set by {@link #delayAnswers}. */
    private static final String ANSWER_DELAY = "sandbox.answer-delay-ms";

    /**
     * The answers of this request leave the given time after they are ready: the work is done at once (on whichever
     * thread does it), and a Vert.x timer sends the answer, so no thread is held while it waits.
     */
    static void delayAnswers(RoutingContext ctx, Duration delay) {
        if (delay != null && delay.toMillis() > 0) {
            ctx.put(ANSWER_DELAY, delay.toMillis());
        }
    }

    static void json(RoutingContext ctx, ObjectMapper json, int status, Object body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            send(ctx, () -> ctx.response().setStatusCode(500).end(e.getMessage()));
            return;
        }
        send(
                ctx,
                () -> ctx.response()
                        .setStatusCode(status)
                        .putHeader("Content-Type", "application/json")
                        .end(text));
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
        send(ctx, () -> ctx.response().setStatusCode(status).end());
    }

    private static void send(RoutingContext ctx, Runnable answer) {
        Long delay = ctx.get(ANSWER_DELAY);
        if (delay == null) {
            answer.run();
        } else {
            ctx.vertx().setTimer(delay, timer -> answer.run());
        }
    }
}
