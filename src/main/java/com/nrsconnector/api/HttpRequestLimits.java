package com.nrsconnector.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Bounds what a request may make the connector hold: the URI length, and a body size per public endpoint (the
 * analysis API needs a few kilobytes, a workflow call more, a delivery report little, the operations API none),
 * checked before any body is buffered. Requests the HTTP server itself refuses (no such path, wrong method, body over
 * the limit) get the connector's JSON error shape too.
 */
@ApplicationScoped
public class HttpRequestLimits {

    // The connection is closed after a refusal, but the client is given this much time to finish writing first so
    // that it reads the answer instead of a reset connection.
    private static final long DISCARD_AT_MOST = 16L * 1024 * 1024;

    record Endpoint(String pathPrefix, long maxBodyBytes, boolean jsonOnly) {}

    private final ObjectMapper json;
    private final int maxUriLength;
    private final List<Endpoint> endpoints;

    @Inject
    public HttpRequestLimits(
            ObjectMapper json,
            @ConfigProperty(name = "http-limits.max-uri-length") int maxUriLength,
            @ConfigProperty(name = "http-limits.analysis-body") MemorySize analysisBody,
            @ConfigProperty(name = "http-limits.workflow-action-body") MemorySize workflowActionBody,
            @ConfigProperty(name = "http-limits.delivery-report-body") MemorySize deliveryReportBody) {
        this.json = json;
        this.maxUriLength = maxUriLength;
        this.endpoints = List.of(
                new Endpoint("/api/v1/", analysisBody.asLongValue(), true),
                new Endpoint("/hubspot/actions/", workflowActionBody.asLongValue(), true),
                new Endpoint("/forms/sms/", analysisBody.asLongValue(), true),
                new Endpoint("/forms/voice/", analysisBody.asLongValue(), true),
                new Endpoint("/callbacks/360nrs/", deliveryReportBody.asLongValue(), false),
                // The operations API reads no body: refusing one here keeps the REST binding from parsing it before
                // the route checks the operator's credentials.
                new Endpoint("/ops/", 0, false));
    }

    void init(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::screen).failureHandler(this::refusedByServer);
        router.errorHandler(
                404,
                ctx -> refuse(ctx, 404, "no such endpoint: " + ctx.request().path()));
        router.errorHandler(
                405,
                ctx -> refuse(
                        ctx,
                        405,
                        ctx.request().method() + " is not allowed on "
                                + ctx.request().path()));
        router.errorHandler(
                400, ctx -> refuse(ctx, 400, "the request could not be read: malformed URI, query or body"));
    }

    private void screen(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.uri().length() > maxUriLength) {
            refuse(ctx, 414, "the request URI is longer than " + maxUriLength + " characters");
            return;
        }
        Endpoint endpoint = endpointOf(request.path());
        if (endpoint == null) {
            ctx.next();
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > endpoint.maxBodyBytes()) {
            refuse(ctx, 413, tooLarge(endpoint));
            return;
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (endpoint.jsonOnly() && request.method() == HttpMethod.POST && contentType != null && !isJson(contentType)) {
            refuse(ctx, 415, "this endpoint accepts application/json, not " + contentType);
            return;
        }
        if (length == null && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null && !request.isEnded()) {
            readBounded(ctx, endpoint);
            return;
        }
        ctx.next();
    }

    /**
     * A body sent without Content-Length (chunked) is read here, counting bytes as they arrive, and handed on as
     * the request's body; the body handler further on then leaves it as it is.
     */
    private void readBounded(RoutingContext ctx, Endpoint endpoint) {
        HttpServerRequest request = ctx.request();
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > endpoint.maxBodyBytes()) {
                refused[0] = true;
                refuse(ctx, 413, tooLarge(endpoint));
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> {
            if (!refused[0]) {
                RoutingContextInternal internal = (RoutingContextInternal) ctx;
                internal.setBody(body);
                internal.visitHandler(RoutingContextInternal.BODY_HANDLER);
                ctx.next();
            }
        });
        request.exceptionHandler(ctx::fail);
        request.resume();
    }

    /**
     * What the HTTP server refuses before a route runs (a body over the global ceiling, a path, query or form body it
     * cannot decode) is answered here, in the JSON error shape and without internals.
     */
    private void refusedByServer(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
        } else if (ctx.statusCode() == 413) {
            Endpoint endpoint = endpointOf(ctx.request().path());
            refuse(ctx, 413, endpoint == null ? "the request body is too large" : tooLarge(endpoint));
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            refuse(ctx, ctx.statusCode(), "the request could not be read: malformed URI, query or body");
        } else {
            ctx.next();
        }
    }

    private Endpoint endpointOf(String path) {
        if (path == null) {
            return null;
        }
        for (Endpoint endpoint : endpoints) {
            if (path.startsWith(endpoint.pathPrefix())) {
                return endpoint;
            }
        }
        return null;
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String tooLarge(Endpoint endpoint) {
        if (endpoint.maxBodyBytes() == 0) {
            return "this endpoint takes no request body";
        }
        return "the request body is larger than the " + endpoint.maxBodyBytes() + " bytes this endpoint accepts";
    }

    private void refuse(RoutingContext ctx, int status, String message) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", message);
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON answer", e);
        }
        HttpServerRequest request = ctx.request();
        boolean unread = !request.isEnded();
        if (unread) {
            // The rest of the body is read and dropped, never kept; the connection is not reused.
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            long[] discarded = {0};
            request.handler(chunk -> {
                discarded[0] += chunk.length();
                if (discarded[0] > DISCARD_AT_MOST) {
                    request.connection().close();
                }
            });
            request.endHandler(end -> request.connection().close());
            request.resume();
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(text);
    }
}
