package com.nrsconnector.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.nrsconnector.security.Redaction;

import io.vertx.ext.web.RoutingContext;

/**
 * Every request the connector made to one stand-in, in order: how tests and reviewers check conformance. Shown to
 * anyone who asks, so credentials are masked: Authorization keeps only its scheme ("Basic ***"), and the OAuth
 * secrets of form bodies (client_secret, refresh_token, code) are replaced.
 */
public class SandboxRequestLog {

    public record LoggedRequest(
            String method, String path, String query, Map<String, String> headers, String body, Instant time) {}

    private static final int CAPACITY = 10_000;
    static final Set<String> SECRET_FORM_FIELDS =
            Set.of("client_secret", "refresh_token", "code", "access_token", "token", "password");

    private final String prefix;
    private final List<LoggedRequest> requests = new ArrayList<>();

    /** @param prefix the stand-in's mount point, removed so logged paths are the real API paths */
    public SandboxRequestLog(String prefix) {
        this.prefix = prefix;
    }

    public void record(RoutingContext ctx) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ctx.request().headers().forEach(h -> headers.merge(h.getKey(), h.getValue(), (a, b) -> a + ", " + b));
        String path = ctx.request().path();
        if (path.startsWith(prefix)) {
            path = path.substring(prefix.length());
        }
        String body = ctx.body() == null ? null : ctx.body().asString();
        add(ctx.request().method().name(), path, ctx.request().query(), headers, body);
    }

    /** Keeps one request, its credentials masked. */
    void add(String method, String path, String query, Map<String, String> headers, String body) {
        Map<String, String> safeHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) ->
                safeHeaders.put(name, Redaction.isCredentialHeader(name) ? Redaction.authorization(value) : value));
        String contentType = safeHeaders.getOrDefault("Content-Type", "");
        String safeBody = contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                ? Redaction.form(body, SECRET_FORM_FIELDS)
                : body;
        LoggedRequest entry = new LoggedRequest(
                method,
                path,
                query == null ? null : Redaction.form(query, SECRET_FORM_FIELDS),
                safeHeaders,
                safeBody,
                Instant.now());
        synchronized (requests) {
            if (requests.size() >= CAPACITY) {
                requests.remove(0);
            }
            requests.add(entry);
        }
    }

    public List<LoggedRequest> all() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }
}
