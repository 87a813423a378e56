package com.nrsconnector.sandbox;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.ConnectorConfig;

import io.vertx.ext.web.RoutingContext;

/**
 * HubSpot's per-portal rate limit in the stand-in, so the connector's own limiter and its handling of 429s meet the
 * limit HubSpot enforces; a control reports the requests and 429 answers per portal.
 */
@ApplicationScoped
public class HubSpotRateLimitSandbox {

    /** Per portal: when its API requests of the current rolling period arrived (System.nanoTime()). */
    private final Map<Long, ArrayDeque<Long>> rateWindows = new ConcurrentHashMap<>();
    /** Per portal: how many API requests were answered, and how many of them 429 for the rate limit. */
    private final Map<Long, long[]> rateCounts = new ConcurrentHashMap<>();

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    /**
     * HubSpot's per-account limit for public apps: at most the configured number of requests per rolling period and
     * portal. Every answer carries HubSpot's rate-limit headers; one request too many is answered 429 with HubSpot's
     * body (no Retry-After: HubSpot names the interval instead). Answers true when it answered 429.
     */
    boolean rateLimited(RoutingContext ctx, long portalId) {
        int max = config.sandbox().hubspotRateLimitRequests();
        long period = config.sandbox().hubspotRateLimitPeriod().toNanos();
        ArrayDeque<Long> window = rateWindows.computeIfAbsent(portalId, p -> new ArrayDeque<>());
        long[] counts = rateCounts.computeIfAbsent(portalId, p -> new long[2]);
        int remaining;
        synchronized (window) {
            long now = System.nanoTime();
            while (!window.isEmpty() && now - window.peekFirst() >= period) {
                window.pollFirst();
            }
            counts[0]++;
            if (window.size() >= max) {
                counts[1]++;
                remaining = -1;
            } else {
                window.addLast(now);
                remaining = max - window.size();
            }
        }
        ctx.response().putHeader("X-HubSpot-RateLimit-Max", Integer.toString(max));
        ctx.response().putHeader("X-HubSpot-RateLimit-Remaining", Integer.toString(Math.max(0, remaining)));
        ctx.response()
                .putHeader(
                        "X-HubSpot-RateLimit-Interval-Milliseconds",
                        Long.toString(config.sandbox().hubspotRateLimitPeriod().toMillis()));
        if (remaining >= 0) {
            return false;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "error");
        answer.put("message", "You have reached your ten_secondly_rolling limit.");
        answer.put("errorType", "RATE_LIMIT");
        answer.put("correlationId", UUID.randomUUID().toString());
        answer.put("policyName", "TEN_SECONDLY_ROLLING");
        answer.put("requestId", UUID.randomUUID().toString());
        SandboxResponses.json(ctx, json, 429, answer);
        return true;
    }

    /** {@code GET /sandbox/hubspot/rate-limit}: the limit in force and, per portal, requests and 429 answers. */
    void rateLimitCounts(RoutingContext ctx) {
        Map<String, Object> portals = new TreeMap<>();
        rateCounts.forEach((portal, counts) -> {
            synchronized (rateWindows.get(portal)) {
                portals.put(Long.toString(portal), Map.of("requests", counts[0], "rateLimited", counts[1]));
            }
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("maxRequests", config.sandbox().hubspotRateLimitRequests());
        answer.put("periodMillis", config.sandbox().hubspotRateLimitPeriod().toMillis());
        answer.put("portals", portals);
        SandboxResponses.json(ctx, json, 200, answer);
    }
}
