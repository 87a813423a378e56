package com.nrsconnector.store;

import java.time.Instant;

import com.nrsconnector.security.Redaction;

/** A connected HubSpot portal with its (decrypted) credentials. */
public record Portal(
        long portalId,
        String status,
        String hubspotAccessToken,
        String hubspotRefreshToken,
        Instant hubspotTokenExpiresAt,
        String nrsUsername,
        String nrsApiPassword,
        String timeZone) {

    public boolean connected() {
        return "CONNECTED".equals(status);
    }

    /**
     * HubSpot granted the app access (installed, with or without a linked 360nrs account, or being disconnected:
     * what the disconnection settles is still written to HubSpot).
     */
    public boolean hubspotGranted() {
        return "CONNECTED".equals(status) || "INSTALLED".equals(status) || disconnecting();
    }

    public boolean disconnecting() {
        return "DISCONNECTING".equals(status);
    }

    /** Disconnected, or being disconnected: nothing is sent for it any more. */
    public boolean disconnected() {
        return "DISCONNECTED".equals(status) || disconnecting();
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
