package com.nrsconnector.store;

import java.time.Instant;

import com.nrsconnector.security.Redaction;

/** A connected HubSpot portal with its (decrypted) credentials. */
public record Portal(long portalId, String status, String hubspotAccessToken, String hubspotRefreshToken,
        Instant hubspotTokenExpiresAt, String nrsUsername, String nrsApiPassword, String timeZone) {

    public boolean connected() {
        return "CONNECTED".equals(status);
    }

    /** HubSpot granted the app access (installed, with or without a linked 360nrs account). */
    public boolean hubspotGranted() {
        return "CONNECTED".equals(status) || "INSTALLED".equals(status);
    }

    /** Without the tokens and the password: a portal can end up in a log line or a dead letter. */
    @Override
    public String toString() {
        return "Portal[portalId=" + portalId + ", status=" + status
                + ", hubspotAccessToken=" + masked(hubspotAccessToken)
                + ", hubspotRefreshToken=" + masked(hubspotRefreshToken)
                + ", hubspotTokenExpiresAt=" + hubspotTokenExpiresAt + ", nrsUsername=" + nrsUsername
                + ", nrsApiPassword=" + masked(nrsApiPassword) + ", timeZone=" + timeZone + "]";
    }

    private static String masked(String secret) {
        return secret == null ? "null" : Redaction.MASK;
    }
}
