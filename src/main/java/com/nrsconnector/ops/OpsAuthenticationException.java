package com.nrsconnector.ops;

import com.nrsconnector.api.RequestRejectedException;

/** A request to the operations API without valid credentials: 401 with the Basic challenge. */
public class OpsAuthenticationException extends RequestRejectedException {

    public OpsAuthenticationException(String message) {
        super(401, message, null);
    }

    @Override
    public String challenge() {
        return OpsAuthenticator.CHALLENGE;
    }
}
