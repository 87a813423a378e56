package com.nrsconnector.store;

import java.time.Instant;

/** A connected HubSpot portal with its (decrypted) credentials. */
public record Portal(long portalId, String status, String hubspotAccessToken, String hubspotRefreshToken,
        Instant hubspotTokenExpiresAt, String nrsUsername, String nrsApiPassword, String timeZone) {

    public boolean connected() {
        return "CONNECTED".equals(status);
    }
}
