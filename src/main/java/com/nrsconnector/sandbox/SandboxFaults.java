package com.nrsconnector.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Outages played on demand, one per stand-in: {@code POST <prefix>/faults} with {@code {"status": 503}} makes every
 * API call answer that status, {@code {"hang": true, "hangFor": "PT3S"}} holds each call that long and then answers
 * 504 without doing anything, until {@code DELETE <prefix>/faults}; {@code GET} shows the fault in force.
 */
final class SandboxFaults {

    private static final Logger LOG = Logger.getLogger(SandboxFaults.class);

    /** The fault in force; status 0 and no hang mean none. */
    record Fault(int status, boolean hang, Duration hangFor) {
        static final Fault NONE = new Fault(0, false, Duration.ZERO);

        Map<String, Object> asJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("active", status != 0 || hang);
            if (status != 0) {
                out.put("status", status);
            }
            if (hang) {
                out.put("hang", true);
                out.put("hangFor", hangFor.toString());
            }
            return out;
        }
    }

    private final String name;
    private final ObjectMapper json;
    private final Duration defaultHang;
    private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);

    SandboxFaults(String name, ObjectMapper json, Duration defaultHang) {
        this.name = name;
        this.json = json;
        this.defaultHang = defaultHang;
    }

    void mount(Router router, String prefix) {
        router.get(prefix + "/faults").handler(ctx -> SandboxResponses.json(ctx, json, 200, fault.get().asJson()));
        router.post(prefix + "/faults").handler(this::set);
        router.delete(prefix + "/faults").handler(ctx -> {
            fault.set(Fault.NONE);
            LOG.infof("sandbox %s: fault cleared", name);
            SandboxResponses.json(ctx, json, 200, Fault.NONE.asJson());
        });
    }

    /**
     * Applies the fault in force to an API call (call it on a worker thread): answers true when the call was answered
     * by the fault and must go no further.
     */
    boolean intercept(RoutingContext ctx, Map<String, Object> errorBody) {
        Fault current = fault.get();
        if (current.hang()) {
            try {
                Thread.sleep(current.hangFor().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            SandboxResponses.json(ctx, json, 504, errorBody);
            return true;
        }
        if (current.status() != 0) {
            if (current.status() == 429) {
                ctx.response().putHeader("Retry-After", "1");
            }
            SandboxResponses.json(ctx, json, current.status(), errorBody);
            return true;
        }
        return false;
    }

    private void set(RoutingContext ctx) {
        JsonNode body = SandboxResponses.readJson(ctx, json);
        if (body == null || !body.isObject()) {
            refuse(ctx, "body", "expected {\"status\": 503} or {\"hang\": true, \"hangFor\": \"PT3S\"}");
            return;
        }
        boolean hang = body.path("hang").asBoolean(false);
        int status = body.path("status").asInt(0);
        if (!hang && (status < 400 || status > 599)) {
            refuse(ctx, "status", "status must be an HTTP error status (400 to 599)");
            return;
        }
        Duration hangFor = defaultHang;
        if (body.hasNonNull("hangFor")) {
            try {
                hangFor = Duration.parse(body.path("hangFor").asText());
            } catch (RuntimeException e) {
                hangFor = null;
            }
            if (hangFor == null || hangFor.isNegative() || hangFor.compareTo(Duration.ofMinutes(5)) > 0) {
                refuse(ctx, "hangFor", "hangFor must be an ISO-8601 duration between PT0S and PT5M");
                return;
            }
        }
        Fault next = new Fault(hang ? 0 : status, hang, hang ? hangFor : Duration.ZERO);
        fault.set(next);
        LOG.infof("sandbox %s: fault set to %s", name, next.asJson());
        SandboxResponses.json(ctx, json, 200, next.asJson());
    }

    private void refuse(RoutingContext ctx, String field, String message) {
        SandboxResponses.json(ctx, json, 400, Map.of("status", "error", "message", message, "field", field));
    }
}
