package com.nrsconnector.hubspot;

import java.time.Duration;

/** A HubSpot call that failed; transient ones carry how long to wait before trying again. */
public class HubSpotApiException extends RuntimeException {

    private final int status;
    private final boolean transientFailure;
    private final Duration retryAfter;

    public HubSpotApiException(String message, int status, boolean transientFailure, Duration retryAfter) {
        super(message);
        this.status = status;
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
