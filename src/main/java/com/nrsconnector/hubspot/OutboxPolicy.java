package com.nrsconnector.hubspot;

import java.time.Duration;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.Backoff;

/**
 * When a failed HubSpot write is tried again, and when it is given up: the one policy of every HubSpot outbox.
 * Backoff starts at initialBackoff and doubles per attempt up to maxBackoff; a Retry-After from HubSpot wins; a
 * permanent refusal is given up at once, anything else after maxAttempts attempts (first try included).
 */
public record OutboxPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** What to do with a write that failed: wait and try again, or give up. */
    public sealed interface Decision permits Retry, GiveUp {}

    public record Retry(Duration delay) implements Decision {}

    public record GiveUp(String reason) implements Decision {}

    public OutboxPolicy {
        if (maxAttempts < 1 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "outbox policy needs max-attempts >= 1 and 0 <= initial-backoff <= max-backoff");
        }
    }

    public static OutboxPolicy of(ConnectorConfig.Outbox config) {
        return new OutboxPolicy(config.maxAttempts(), config.initialBackoff(), config.maxBackoff());
    }

    /**
     * @param attempts attempts made so far, the failed one included
     * @param failure what went wrong; anything but a {@link HubSpotApiException} counts as transient
     */
    public Decision decide(int attempts, RuntimeException failure) {
        HubSpotApiException hubspot = failure instanceof HubSpotApiException e ? e : null;
        if (hubspot != null && !hubspot.isTransient()) {
            return new GiveUp("refused for good" + (hubspot.status() > 0 ? " (HTTP " + hubspot.status() + ")" : ""));
        }
        if (attempts >= maxAttempts) {
            return new GiveUp("no success after " + attempts + " attempt(s)");
        }
        if (hubspot != null && hubspot.retryAfter() != null) {
            return new Retry(hubspot.retryAfter());
        }
        return new Retry(backoff(attempts));
    }

    /** initialBackoff after the first attempt, doubled after each later one, never above maxBackoff. */
    public Duration backoff(int attempts) {
        return new Backoff(initialBackoff, maxBackoff).after(attempts);
    }
}
