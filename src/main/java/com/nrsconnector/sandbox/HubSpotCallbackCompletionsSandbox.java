package com.nrsconnector.sandbox;

import static com.nrsconnector.sandbox.HubSpotErrors.error;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.ext.web.RoutingContext;

/**
 * Workflow executions of the HubSpot stand-in and their completion: the executions it started (enrollments, or
 * registered by a load generator that signs its calls itself) are the only ones the connector may complete, as with
 * HubSpot; the callback completion API records each completion with its output fields, and lists the refused ones.
 */
@ApplicationScoped
public class HubSpotCallbackCompletionsSandbox {

    /** The callbackIds of the executions this stand-in started (enrollments): only these can be completed. */
    private final Set<String> issuedCallbacks = ConcurrentHashMap.newKeySet();

    private final List<Map<String, Object>> refusedCompletions = new ArrayList<>();
    private final List<Map<String, Object>> completions = new ArrayList<>();

    @Inject
    ObjectMapper json;

    /** An execution HubSpot started: the connector may complete it from now on. */
    void issue(String callbackId) {
        issuedCallbacks.add(callbackId);
    }

    /** How many executions were completed, and how many completions were refused. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        synchronized (completions) {
            counts.put("completions", completions.size());
            counts.put("refusedCompletions", refusedCompletions.size());
        }
        return counts;
    }

    void listCompletions(RoutingContext ctx) {
        synchronized (completions) {
            SandboxResponses.json(ctx, json, 200, List.copyOf(completions));
        }
    }

    void listRefusedCompletions(RoutingContext ctx) {
        synchronized (completions) {
            SandboxResponses.json(ctx, json, 200, List.copyOf(refusedCompletions));
        }
    }

    /**
     * {@code {"callbackIds": ["...", ...]}}: executions started by a caller that signs its workflow calls itself (a
     * load generator), which the connector may then complete like the ones {@code /workflows/enroll} starts.
     */
    void registerExecutions(RoutingContext ctx) {
        JsonNode body = SandboxRequestBodies.json(ctx, json);
        if (body == null || !body.path("callbackIds").isArray()) {
            SandboxResponses.json(ctx, json, 400, error("body must be {\"callbackIds\": [\"...\"]}"));
            return;
        }
        body.get("callbackIds").forEach(id -> issuedCallbacks.add(id.asText()));
        SandboxResponses.json(
                ctx, json, 200, Map.of("count", body.get("callbackIds").size()));
    }

    /** The callback completion API, for one execution or a batch. */
    void api(RoutingContext ctx, String path, JsonNode body, long portalId) {
        List<JsonNode> inputs = new ArrayList<>();
        boolean single = false;
        if (path.equals("/automation/v4/actions/callbacks/complete")) {
            body.path("inputs").forEach(inputs::add);
        } else if (path.startsWith("/automation/v4/actions/callbacks/") && path.endsWith("/complete")) {
            ObjectNode one = body.deepCopy();
            one.put(
                    "callbackId",
                    path.substring("/automation/v4/actions/callbacks/".length(), path.length() - "/complete".length()));
            inputs.add(one);
            single = true;
        } else {
            SandboxResponses.json(ctx, json, 404, error("not served by the sandbox: " + path));
            return;
        }
        List<String> unknown = inputs.stream()
                .map(input -> input.path("callbackId").asText())
                .filter(id -> !issuedCallbacks.contains(id))
                .toList();
        synchronized (completions) {
            for (String id : unknown) {
                refusedCompletions.add(Map.of(
                        "callbackId",
                        id,
                        "portalId",
                        portalId,
                        "time",
                        Instant.now().toString()));
            }
            // An execution HubSpot never started cannot be completed. A batch is refused when none of its
            // executions is known; its known ones are completed otherwise (the unknown ones are listed as refused).
            if (!unknown.isEmpty() && (single || unknown.size() == inputs.size())) {
                SandboxResponses.json(
                        ctx,
                        json,
                        400,
                        HubSpotErrors.correlatedError(
                                "VALIDATION_ERROR",
                                "No blocked action execution with callbackId " + String.join(", ", unknown)));
                return;
            }
            for (JsonNode input : inputs) {
                if (unknown.contains(input.path("callbackId").asText())) {
                    continue;
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("callbackId", input.path("callbackId").asText());
                entry.put("outputFields", json.convertValue(input.path("outputFields"), Map.class));
                entry.put("portalId", portalId);
                entry.put("time", Instant.now().toString());
                completions.add(entry);
            }
        }
        SandboxResponses.empty(ctx, 204);
    }
}
