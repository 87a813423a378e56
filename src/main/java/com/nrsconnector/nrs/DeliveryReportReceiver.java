package com.nrsconnector.nrs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.MessageStatus;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.MessageStore.CallbackOutcome;
import com.nrsconnector.security.CallbackSigner;
import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Takes 360nrs delivery reports (the notification URL's GET with ref, sig and the %d status). Each report is stored
 * once (a duplicate writes nothing new), applied when its message has reached the predecessor status, and held until
 * then otherwise — a report can overtake the send's own answer.
 */
@ApplicationScoped
@Named("deliveryReportReceiver")
@RegisterForReflection
public class DeliveryReportReceiver {

    private static final Logger LOG = Logger.getLogger(DeliveryReportReceiver.class);

    @Inject
    Db db;

    @Inject
    MessageStore messages;

    @Inject
    CallbackSigner signer;

    @Inject
    ConnectorConfig config;

    public void receive(Exchange exchange) {
        String ref = exchange.getMessage().getHeader("ref", String.class);
        String sig = exchange.getMessage().getHeader("sig", String.class);
        String providerStatus = exchange.getMessage().getHeader("status", String.class);
        long messageId;
        try {
            messageId = Long.parseLong(ref == null ? "" : ref.trim());
        } catch (NumberFormatException e) {
            throw RequestRejectedException.badRequest("ref", "ref must be the connector's message reference");
        }
        if (!signer.verify("dlr", messageId, sig)) {
            throw RequestRejectedException.unauthorized("the callback signature does not match its reference");
        }
        if (providerStatus == null || providerStatus.isBlank()) {
            throw RequestRejectedException.badRequest("status", "status (the %d delivery code) is required");
        }
        String mapped = config.nrs().deliveryStatus().get(providerStatus.trim());
        if (mapped == null) {
            LOG.warnf("message %d: unknown 360nrs delivery status '%s' ignored", messageId, providerStatus);
            answer(exchange, "ignored: unknown status " + providerStatus);
            return;
        }
        if ("IGNORE".equals(mapped)) {
            answer(exchange, "ignored: intermediate status");
            return;
        }
        MessageStatus status = MessageStatus.valueOf(mapped);
        String raw = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        String outcome = db.inTransaction(c -> {
            int stored = Db.update(c, "INSERT INTO provider_callback (message_id, status, provider_status, raw) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", messageId, status.name(), providerStatus.trim(), raw);
            if (stored == 0) {
                return "duplicate";
            }
            return apply(c, messageId, status, describe(providerStatus, exchange));
        });
        LOG.infof("message %d: delivery report %s (%s): %s", messageId, providerStatus, status, outcome);
        answer(exchange, outcome);
    }

    /** Route step of the held-callback sweep: applies reports whose predecessor has arrived since. */
    public int applyHeld() {
        List<long[]> held = db.query("SELECT id, message_id FROM provider_callback WHERE state = 'HELD' ORDER BY id LIMIT 100",
                row -> new long[] { row.getLong(1), row.getLong(2) });
        int applied = 0;
        for (long[] callback : held) {
            String result = db.inTransaction(c -> {
                Map<String, String> row = Db.queryOne(c, "SELECT status, provider_status, state FROM provider_callback "
                        + "WHERE id = ? FOR UPDATE", r -> Map.of("status", r.getString(1), "provider", r.getString(2),
                                "state", r.getString(3)), callback[0]).orElse(Map.of());
                if (!"HELD".equals(row.get("state"))) {
                    return "gone";
                }
                return apply(c, callback[1], MessageStatus.valueOf(row.get("status")),
                        "360nrs status " + row.get("provider"));
            });
            if ("applied".equals(result)) {
                applied++;
            }
        }
        return applied;
    }

    private String apply(java.sql.Connection c, long messageId, MessageStatus status, String details)
            throws java.sql.SQLException {
        CallbackOutcome outcome = messages.applyProviderStatus(c, messageId, status, Instant.now(), details);
        String state = switch (outcome) {
            case APPLIED -> "APPLIED";
            case HELD -> "HELD";
            case DUPLICATE -> "DUPLICATE";
            case NOT_APPLICABLE, UNKNOWN_MESSAGE -> "DISCARDED";
        };
        Db.update(c, "UPDATE provider_callback SET state = ?, applied_at = CASE WHEN ? THEN CURRENT_TIMESTAMP ELSE applied_at END "
                + "WHERE message_id = ? AND status = ?", state, outcome == CallbackOutcome.APPLIED, messageId, status.name());
        return outcome.name().toLowerCase();
    }

    private static String describe(String providerStatus, Exchange exchange) {
        String at = exchange.getMessage().getHeader("at", String.class);
        return "360nrs status " + providerStatus.trim() + (at == null || at.isBlank() ? "" : " at " + at);
    }

    private static void answer(Exchange exchange, String outcome) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody("{\"status\":\"" + outcome + "\"}");
    }
}
