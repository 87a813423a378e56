package com.nrsconnector.nrs;

/** A failure worth retrying later: 5xx, 429, a connection that failed or timed out. */
public class TransientProviderException extends RuntimeException {
    public TransientProviderException(String message) {
        super(message);
    }
}
