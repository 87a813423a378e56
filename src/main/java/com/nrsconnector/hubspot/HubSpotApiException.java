package com.nrsconnector.hubspot;

import java.time.Duration;

/** A HubSpot call that failed; transient ones carry how long to wait before trying again. */
public class HubSpotApiException extends RuntimeException {

    private final int status;
    private final boolean transientFailure;
    private final Duration retryAfter;
    private final String answer;

    public HubSpotApiException(String message, int status, boolean transientFailure, Duration retryAfter) {
        this(message, status, transientFailure, retryAfter, null);
    }

    /** @param answer the body HubSpot answered with; null when the failure is not HubSpot's answer */
    public HubSpotApiException(
            String message, int status, boolean transientFailure, Duration retryAfter, String answer) {
        super(message);
        this.status = status;
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
        this.answer = answer;
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

    /** Whether HubSpot answered with this status (not the connector refusing the call before it was made). */
    public boolean answeredByHubSpot() {
        return answer != null;
    }

    /** The body of HubSpot's answer, or null. */
    public String answer() {
        return answer;
    }
}
