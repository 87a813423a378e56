package com.nrsconnector.ops;

import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.security.Redaction;
import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Keeps every exchange that exhausted its retries (route, payload, headers, error, attempts) for inspection and replay.
 * Credentials never reach the table: credential headers keep only their scheme, and anything that looks like a
 * Basic / Bearer credential or a password, secret or token value is masked in the payload, headers and error.
 */
@ApplicationScoped
@Named("deadLetterStore")
@RegisterForReflection
public class DeadLetterStore {

    private static final Logger LOG = Logger.getLogger(DeadLetterStore.class);

    @Inject
    Db db;

    @Inject
    ObjectMapper json;

    /** Route step of direct:dead-letter: stores the failed exchange as the error handler hands it over. */
    public void store(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
        // useOriginalMessage restores the original headers, so read the counter from the exchange's state too.
        int redeliveries = Math.max(exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class),
                exchange.getMessage().getHeader(Exchange.REDELIVERY_MAX_COUNTER, 0, Integer.class));
        Map<String, Object> headers = new TreeMap<>();
        exchange.getMessage().getHeaders().forEach((name, value) -> {
            if (value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
                headers.put(name, value);
            }
        });
        Long messageId = exchange.getProperty("messageId", Long.class);
        record(routeId, endpoint, readableBody(exchange), headers,
                cause == null ? "unknown error" : cause.toString(), redeliveries + 1, messageId);
    }

    /** The body as text; a body that cannot be read as text (invalid bytes) must not cost the dead letter itself. */
    private static String readableBody(Exchange exchange) {
        try {
            return exchange.getMessage().getBody(String.class);
        } catch (RuntimeException e) {
            return "(body not readable as text: " + e.getClass().getSimpleName() + ")";
        }
    }

    public void record(String routeId, String endpoint, String payload, Map<String, Object> headers, String error,
            int attempts, Long messageId) {
        String headerJson;
        try {
            headerJson = json.writeValueAsString(redacted(headers));
        } catch (JsonProcessingException e) {
            headerJson = "{}";
        }
        String safeError = Redaction.text(error);
        db.update("INSERT INTO dead_letter (route_id, endpoint, payload, headers, error, attempts, message_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", routeId, Redaction.text(endpoint), Redaction.text(payload), headerJson,
                safeError, attempts, messageId);
        LOG.errorf("dead letter from route %s (message %s) after %d attempt(s): %s", routeId, messageId, attempts,
                LogText.of(safeError));
    }

    static Map<String, Object> redacted(Map<String, Object> headers) {
        Map<String, Object> out = new TreeMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> out.put(name, value == null ? null
                    : Redaction.isCredentialHeader(name) ? Redaction.authorization(value.toString())
                    : value instanceof CharSequence text ? Redaction.text(text.toString()) : value));
        }
        return out;
    }
}
