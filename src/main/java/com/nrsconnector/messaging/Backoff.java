package com.nrsconnector.messaging;

import java.time.Duration;

/** Exponential backoff: {@code initial} after the first attempt, doubled after each later one, never above {@code max}. */
public record Backoff(Duration initial, Duration max) {

    /** @param attempts attempts made so far, the failed one included */
    public Duration after(int attempts) {
        int doublings = Math.max(0, attempts - 1);
        if (initial.isZero()) {
            return Duration.ZERO;
        }
        Duration wait = initial;
        for (int i = 0; i < doublings && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
