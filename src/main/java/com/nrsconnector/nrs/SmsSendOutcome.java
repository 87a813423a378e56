package com.nrsconnector.nrs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.ProviderEventInbox;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.ops.DeadLetterStore;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Settles a send attempt: accepted becomes SENT, a permanent refusal NOT_SENT with 360nrs's reason, and a transient
 * failure goes back to the durable queue with exponential backoff until the attempts run out, when it becomes
 * NOT_SENT and a dead letter. Retries live in the database, so a restart loses none of them.
 */
@ApplicationScoped
@Named("smsSendOutcome")
@RegisterForReflection
public class SmsSendOutcome {

    private static final Logger LOG = Logger.getLogger(SmsSendOutcome.class);

    @Inject
    MessageStore messages;

    @Inject
    SendQueue queue;

    @Inject
    ProviderEventInbox inbox;

    @Inject
    DeadLetterStore deadLetters;

    @Inject
    ConnectorConfig config;

    public void recordResult(Exchange exchange) {
        PreparedSms sms = exchange.getProperty("preparedSms", PreparedSms.class);
        NrsSendResult result = exchange.getMessage().getBody(NrsSendResult.class);
        if (result.accepted()) {
            messages.markSent(sms.messageId(), result.providerMessageId(), sms.details(), Instant.now());
            // A delivery report can overtake the send's own answer; it was held until now.
            inbox.applyHeldFor(sms.messageId());
            LOG.infof("message %d sent, 360nrs id %s", sms.messageId(), result.providerMessageId());
        } else {
            messages.markNotSent(sms.messageId(), result.reason(), sms.details(), Instant.now());
            LOG.infof("message %d not sent: %s", sms.messageId(), result.reason());
        }
    }

    public void recordFailure(Exchange exchange) {
        PreparedSms sms = exchange.getProperty("preparedSms", PreparedSms.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String description = describe(error);
        if (error instanceof CallNotPermittedException) {
            // The breaker is open: no call was made, so the attempt does not count.
            queue.release(sms.messageId(), config.dispatcher().initialBackoff());
            return;
        }
        int attempts = queue.attempts(sms.messageId());
        if (queue.attemptsExhausted(attempts)) {
            String reason = "360nrs could not be reached after " + attempts + " attempts: " + description;
            messages.markNotSent(sms.messageId(), reason, sms.details(), Instant.now());
            deadLetters.record("send-sms", "360nrs POST /sms", exchange.getMessage().getBody(String.class),
                    Map.of("messageId", sms.messageId(), "portalId", sms.portalId()), description, attempts,
                    sms.messageId());
            return;
        }
        Duration delay = queue.backoff(attempts);
        queue.retryLater(sms.messageId(), delay, description);
        LOG.warnf("message %d: attempt %d failed (%s); retrying in %s", sms.messageId(), attempts, description, delay);
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? error.toString() : error + " (cause: " + root + ")";
    }
}
