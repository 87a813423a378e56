package com.nrsconnector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class PortalTest {

    @Test
    void toStringMasksTheTokensAndThePassword() {
        Portal portal = new Portal(
                62515,
                "CONNECTED",
                "access-secret-value",
                "refresh-secret-value",
                Instant.parse("2026-01-01T00:00:00Z"),
                "acme",
                "nrs-password-value",
                "Europe/Madrid");
        assertEquals(
                "Portal[portalId=62515, status=CONNECTED, hubspotAccessToken=***, hubspotRefreshToken=***, "
                        + "hubspotTokenExpiresAt=2026-01-01T00:00:00Z, nrsUsername=acme, nrsApiPassword=***, "
                        + "timeZone=Europe/Madrid]",
                portal.toString());
    }

    @Test
    void toStringShowsWhichSecretsAreMissing() {
        Portal portal = new Portal(1, "DISCONNECTED", null, null, null, "acme", null, "UTC");
        assertEquals(
                "Portal[portalId=1, status=DISCONNECTED, hubspotAccessToken=null, hubspotRefreshToken=null, "
                        + "hubspotTokenExpiresAt=null, nrsUsername=acme, nrsApiPassword=null, timeZone=UTC]",
                portal.toString());
    }
}
