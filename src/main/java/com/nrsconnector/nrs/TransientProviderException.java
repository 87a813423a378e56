package com.nrsconnector.nrs;

/**
 * A 360nrs answer worth retrying later (5xx, 429), or one that leaves the outcome open. Only a failure that proves
 * the message was not accepted may lead to another request: the 360nrs API has no idempotency key, so resending a
 * message it may have accepted could deliver it twice.
 */
public class TransientProviderException extends RuntimeException {

    private final boolean mayHaveBeenAccepted;

    public TransientProviderException(String message, boolean mayHaveBeenAccepted) {
        super(message);
        this.mayHaveBeenAccepted = mayHaveBeenAccepted;
    }

    public boolean mayHaveBeenAccepted() {
        return mayHaveBeenAccepted;
    }
}
