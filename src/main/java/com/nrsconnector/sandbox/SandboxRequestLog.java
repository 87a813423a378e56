package com.nrsconnector.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vertx.ext.web.RoutingContext;

/** Every request the connector made to one stand-in, in order: how tests and reviewers check conformance. */
public class SandboxRequestLog {

    public record LoggedRequest(String method, String path, String query, Map<String, String> headers, String body,
            Instant time) {
    }

    private static final int CAPACITY = 10_000;

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
        LoggedRequest entry = new LoggedRequest(ctx.request().method().name(), path, ctx.request().query(),
                headers, ctx.body() == null ? null : ctx.body().asString(), Instant.now());
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
