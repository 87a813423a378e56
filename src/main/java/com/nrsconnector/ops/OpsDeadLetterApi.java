package com.nrsconnector.ops;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.ops.DeadLetterStore.Filter;
import com.nrsconnector.ops.DeadLetterStore.Status;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The dead-letter endpoints of the operations API: reads and checks the request's parameters (a bad one is a 400
 * naming it), then lists, shows, replays or discards. Answers are plain values; the routes make them JSON.
 */
@ApplicationScoped
@Named("opsDeadLetterApi")
@RegisterForReflection
public class OpsDeadLetterApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    @Inject
    DeadLetterStore store;

    @Inject
    DeadLetterReplay replay;

    @Inject
    ConnectorConfig config;

    public DeadLetterStore.Page list(Exchange exchange) {
        Message in = exchange.getMessage();
        return store.list(
                filter(in),
                intParameter(in, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
                intParameter(in, "offset", 0, 0, Integer.MAX_VALUE));
    }

    public DeadLetterStore.DeadLetter show(Exchange exchange) {
        long id = id(exchange.getMessage());
        return store.find(id).orElseThrow(() -> RequestRejectedException.notFound("no dead letter " + id));
    }

    public Map<String, Object> discard(Exchange exchange) {
        long id = id(exchange.getMessage());
        if (!store.discard(id, operator(exchange))) {
            throw RequestRejectedException.notFound("no dead letter " + id);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "ok");
        answer.put("deadLetter", store.find(id).orElseThrow());
        return answer;
    }

    public DeadLetterReplay.Result replay(Exchange exchange) {
        Message in = exchange.getMessage();
        return replay.replay(id(in), operator(exchange), confirmUnknownOutcome(in));
    }

    public DeadLetterReplay.BulkResult replayMatching(Exchange exchange) {
        Message in = exchange.getMessage();
        int most = config.ops().replayBatchSize();
        Filter filter = filter(in);
        if (filter.status() != null && filter.status() != Status.OPEN) {
            throw RequestRejectedException.badRequest("status", "a bulk replay works on OPEN dead letters only");
        }
        return replay.replayMatching(
                filter, intParameter(in, "limit", most, 1, most), operator(exchange), confirmUnknownOutcome(in));
    }

    private static String operator(Exchange exchange) {
        return exchange.getProperty(OpsAuthenticator.OPERATOR, String.class);
    }

    private static Filter filter(Message in) {
        String routeId = text(in, "routeId");
        if (routeId != null && (routeId.length() > 255 || routeId.chars().anyMatch(Character::isISOControl))) {
            throw RequestRejectedException.badRequest("routeId", "routeId must be a route id (up to 255 characters)");
        }
        String portal = text(in, "portalId");
        Long portalId = null;
        if (portal != null) {
            if (!portal.matches("\\d{1,18}")) {
                throw RequestRejectedException.badRequest("portalId", "portalId must be a HubSpot portal id (digits)");
            }
            portalId = Long.parseLong(portal);
        }
        String sinceText = text(in, "since");
        Instant since = null;
        if (sinceText != null) {
            try {
                since = Instant.parse(sinceText);
            } catch (DateTimeParseException e) {
                throw RequestRejectedException.badRequest(
                        "since", "since must be an ISO-8601 instant such as 2026-01-31T09:00:00Z");
            }
        }
        String statusText = text(in, "status");
        Status status = null;
        if (statusText != null) {
            try {
                status = Status.valueOf(statusText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw RequestRejectedException.badRequest("status", "status must be OPEN, REPLAYED or DISCARDED");
            }
        }
        return new Filter(routeId, portalId, since, status);
    }

    private static long id(Message in) {
        String id = text(in, "id");
        if (id == null || !id.matches("\\d{1,18}")) {
            throw RequestRejectedException.badRequest("id", "the dead letter id must be a number");
        }
        return Long.parseLong(id);
    }

    private static boolean confirmUnknownOutcome(Message in) {
        String value = text(in, "confirmUnknownOutcome");
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw RequestRejectedException.badRequest(
                "confirmUnknownOutcome", "confirmUnknownOutcome must be true or false");
    }

    private static int intParameter(Message in, String name, int fallback, int min, int max) {
        String value = text(in, name);
        if (value == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            parsed = Integer.MIN_VALUE;
        }
        if (parsed < min || parsed > max) {
            throw RequestRejectedException.badRequest(
                    name,
                    max == Integer.MAX_VALUE
                            ? name + " must be a whole number, " + min + " or more"
                            : name + " must be a whole number from " + min + " to " + max);
        }
        return parsed;
    }

    /** A query or path parameter; repeated parameters are refused rather than guessed at. */
    private static String text(Message in, String name) {
        Object value = in.getHeader(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw RequestRejectedException.badRequest(name, name + " must be given once");
        }
        return text.isEmpty() ? null : text;
    }
}
