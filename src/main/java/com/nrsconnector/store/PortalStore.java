package com.nrsconnector.store;

import java.time.Instant;
import java.util.Optional;

import com.nrsconnector.security.SecretCipher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Portals and their secrets; secrets are encrypted on the way in and decrypted on the way out. */
@ApplicationScoped
public class PortalStore {

    @Inject
    Db db;

    @Inject
    SecretCipher cipher;

    public Optional<Portal> find(long portalId) {
        return db.queryOne("SELECT * FROM portal WHERE portal_id = ?", row -> new Portal(
                row.getLong("portal_id"),
                row.getString("status"),
                cipher.decrypt(row.getString("hubspot_access_token")),
                cipher.decrypt(row.getString("hubspot_refresh_token")),
                Db.instant(row, "hubspot_token_expires_at"),
                row.getString("nrs_username"),
                cipher.decrypt(row.getString("nrs_api_password")),
                row.getString("time_zone")), portalId);
    }

    /** Creates the portal if it is new; an existing portal keeps its tokens and credentials. */
    public void createIfAbsent(long portalId, String refreshToken, String nrsUsername, String nrsApiPassword,
            String timeZone) {
        db.update("INSERT INTO portal (portal_id, status, hubspot_refresh_token, nrs_username, nrs_api_password, time_zone) "
                + "VALUES (?, 'CONNECTED', ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                portalId, cipher.encrypt(refreshToken), nrsUsername, cipher.encrypt(nrsApiPassword), timeZone);
    }

    public void saveTokens(long portalId, String accessToken, String refreshToken, Instant expiresAt) {
        db.update("UPDATE portal SET hubspot_access_token = ?, hubspot_refresh_token = ?, hubspot_token_expires_at = ?, "
                + "updated_at = CURRENT_TIMESTAMP WHERE portal_id = ?",
                cipher.encrypt(accessToken), cipher.encrypt(refreshToken), expiresAt, portalId);
    }

    /** After disconnection nothing more is sent for the portal and its secrets are gone. */
    public void disconnect(long portalId) {
        db.update("UPDATE portal SET status = 'DISCONNECTED', hubspot_access_token = NULL, hubspot_refresh_token = NULL, "
                + "hubspot_token_expires_at = NULL, nrs_api_password = NULL, updated_at = CURRENT_TIMESTAMP "
                + "WHERE portal_id = ?", portalId);
    }
}
