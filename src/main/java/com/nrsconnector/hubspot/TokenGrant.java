package com.nrsconnector.hubspot;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** HubSpot's answer to a token refresh. The refresh token is null when HubSpot kept the one it was given. */
@RegisterForReflection
public record TokenGrant(String accessToken, String refreshToken, Instant expiresAt) {

    @Override
    public String toString() {
        return "TokenGrant[expiresAt=" + expiresAt + "]";
    }
}
