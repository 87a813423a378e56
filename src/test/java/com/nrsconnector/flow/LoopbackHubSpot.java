package com.nrsconnector.flow;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.support.FreePorts;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A HubSpot of the test's own on a loopback port, for the answers the stand-in does not give: a timeline batch that
 * mentions "throttled-" is answered 429 with Retry-After the first time, a completion batch that mentions "refused-"
 * is always answered 400, a refresh token starting "revoked-" gets invalid_grant. Everything else succeeds. {@code GET /log} lists what it received.
 */
public class LoopbackHubSpot implements QuarkusTestResourceLifecycleManager {

    static final int RETRY_AFTER_SECONDS = 2;

    private final ObjectMapper json = new ObjectMapper();
    private final List<Map<String, Object>> log = new ArrayList<>();
    private final Set<String> throttled = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/hubspot/", this::api);
        server.createContext("/log", exchange -> {
            synchronized (log) {
                answer(exchange, 200, null, json.writeValueAsString(log));
            }
        });
        server.start();
        return Map.of(
                "connector.hubspot.api-base-url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/hubspot");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void api(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getPath().substring("/hubspot".length());
        int status;
        String answer;
        String retryAfter = null;
        if (path.equals("/oauth/v3/token") && body.contains("refresh_token=revoked-")) {
            status = 400;
            answer =
                    "{\"status\":\"BAD_REFRESH_TOKEN\",\"error\":\"invalid_grant\",\"message\":\"missing or unknown refresh token\"}";
        } else if (path.equals("/oauth/v3/token")) {
            status = 200;
            // No new refresh token: the portal keeps the one it has.
            answer = "{\"access_token\":\"loopback-access-token\",\"expires_in\":1800,\"token_type\":\"bearer\"}";
        } else if (path.startsWith("/integrators/")) {
            String marker = marker(body, "throttled-");
            if (marker != null && throttled.add(marker)) {
                status = 429;
                retryAfter = Integer.toString(RETRY_AFTER_SECONDS);
                answer =
                        "{\"status\":\"error\",\"category\":\"RATE_LIMITS\",\"message\":\"You have reached your ten_secondly_rolling limit.\"}";
            } else {
                status = 201;
                answer = "{\"status\":\"COMPLETE\",\"results\":[]}";
            }
        } else if (path.startsWith("/automation/")) {
            status = marker(body, "refused-") != null ? 400 : 204;
            answer = status == 400
                    ? "{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\",\"message\":\"Invalid input JSON\"}"
                    : null;
        } else {
            status = 404;
            answer = "{\"status\":\"error\",\"message\":\"not served here\"}";
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("method", exchange.getRequestMethod());
        entry.put("path", path);
        entry.put("protocol", exchange.getProtocol());
        entry.put("body", body);
        entry.put("status", status);
        entry.put("receivedAtMillis", System.currentTimeMillis());
        synchronized (log) {
            log.add(entry);
        }
        answer(exchange, status, retryAfter, answer);
    }

    private static String marker(String body, String prefix) {
        int at = body.indexOf(prefix);
        if (at < 0) {
            return null;
        }
        int end = at;
        while (end < body.length() && body.charAt(end) != '"') {
            end++;
        }
        return body.substring(at, end);
    }

    private static void answer(HttpExchange exchange, int status, String retryAfter, String body) throws IOException {
        if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
