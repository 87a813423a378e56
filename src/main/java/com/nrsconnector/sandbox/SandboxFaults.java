package com.nrsconnector.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Outages played on demand, one per stand-in: {@code POST <prefix>/faults} with {@code {"status": 503}} makes every
 * API call answer that status, {@code {"hang": true, "hangFor": "PT3S"}} holds each call that long and then answers
 * 504 without doing anything, until {@code DELETE <prefix>/faults} (which also lets held calls answer at once);
 * {@code GET} shows the fault in force and how many calls it holds right now ({@code holding}). Optional
 * {@code "account"} limits the fault to calls made with that account's Basic credentials, and {@code "to"} to send
 * requests whose recipients include that number; the other calls go on as usual.
 */
final class SandboxFaults {

    private static final Logger LOG = Logger.getLogger(SandboxFaults.class);

    /** The fault in force; status 0 and no hang mean none. Account and number, when set, limit whom it hits. */
    record Fault(int status, boolean hang, Duration hangFor, String account, String to) {
        static final Fault NONE = new Fault(0, false, Duration.ZERO, null, null);

        Fault(int status, boolean hang, Duration hangFor) {
            this(status, hang, hangFor, null, null);
        }

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
            if (account != null) {
                out.put("account", account);
            }
            if (to != null) {
                out.put("to", to);
            }
            return out;
        }
    }

    private final String name;
    private final ObjectMapper json;
    private final Duration defaultHang;
    private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
    /** Calls a hang holds right now. */
    private final AtomicInteger holding = new AtomicInteger();

    SandboxFaults(String name, ObjectMapper json, Duration defaultHang) {
        this.name = name;
        this.json = json;
        this.defaultHang = defaultHang;
    }

    void mount(Router router, String prefix) {
        router.get(prefix + "/faults").handler(ctx -> SandboxResponses.json(ctx, json, 200, shown(fault.get())));
        router.post(prefix + "/faults").handler(this::set);
        router.delete(prefix + "/faults").handler(ctx -> {
            change(Fault.NONE);
            LOG.infof("sandbox %s: fault cleared", name);
            SandboxResponses.json(ctx, json, 200, shown(Fault.NONE));
        });
    }

    /**
     * Applies the fault in force to an API call (call it on a worker thread): answers true when the call was answered
     * by the fault and must go no further.
     */
    boolean intercept(RoutingContext ctx, Map<String, Object> errorBody) {
        Fault current = fault.get();
        if (!hits(current, ctx)) {
            return false;
        }
        if (current.hang()) {
            hold(current);
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
        String account = body.hasNonNull("account") ? body.path("account").asText() : null;
        String to = body.hasNonNull("to") ? body.path("to").asText() : null;
        Fault next = new Fault(hang ? 0 : status, hang, hang ? hangFor : Duration.ZERO, account, to);
        change(next);
        LOG.infof("sandbox %s: fault set to %s", name, next.asJson());
        SandboxResponses.json(ctx, json, 200, shown(next));
    }

    private Map<String, Object> shown(Fault shown) {
        Map<String, Object> out = shown.asJson();
        out.put("holding", holding.get());
        return out;
    }

    /** Whether the fault hits this call: its account (Basic credentials) and recipients, when the fault names them. */
    private boolean hits(Fault current, RoutingContext ctx) {
        if (current.status() == 0 && !current.hang()) {
            return false;
        }
        if (current.account() != null
                && !current.account().equals(basicUser(ctx.request().getHeader("Authorization")))) {
            return false;
        }
        if (current.to() != null) {
            JsonNode body = SandboxResponses.readJson(ctx, json);
            if (body == null || !body.path("to").isArray()) {
                return false;
            }
            for (JsonNode number : body.path("to")) {
                if (current.to().equals(number.asText())) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private static String basicUser(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Holds the call for the hang's time, or until the fault is changed or cleared. */
    private void hold(Fault current) {
        long deadline = System.nanoTime() + current.hangFor().toNanos();
        holding.incrementAndGet();
        try {
            synchronized (fault) {
                long left;
                while (fault.get() == current && (left = deadline - System.nanoTime()) > 0) {
                    fault.wait(Math.max(1, left / 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            holding.decrementAndGet();
        }
    }

    private void change(Fault next) {
        synchronized (fault) {
            fault.set(next);
            fault.notifyAll();
        }
    }

    private void refuse(RoutingContext ctx, String field, String message) {
        SandboxResponses.json(ctx, json, 400, Map.of("status", "error", "message", message, "field", field));
    }
}
