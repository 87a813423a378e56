package com.nrsconnector.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.security.SecretCipher;

/** Portals and their secrets; secrets are encrypted on the way in and decrypted on the way out. */
@ApplicationScoped
public class PortalStore {

    @Inject
    Db db;

    @Inject
    SecretCipher cipher;

    /** When the portal last installed the app (its last OAuth callback); empty for a portal stored before V21. */
    public Optional<Instant> installedAt(long portalId) {
        return db.queryOne(
                        "SELECT installed_at FROM portal WHERE portal_id = ?",
                        row -> Optional.ofNullable(Db.instant(row, "installed_at")),
                        portalId)
                .flatMap(at -> at);
    }

    public Optional<Portal> find(long portalId) {
        return db.queryOne(
                "SELECT * FROM portal WHERE portal_id = ?",
                row -> new Portal(
                        row.getLong("portal_id"),
                        row.getString("status"),
                        cipher.decrypt(row.getString("hubspot_access_token")),
                        cipher.decrypt(row.getString("hubspot_refresh_token")),
                        Db.instant(row, "hubspot_token_expires_at"),
                        row.getString("nrs_username"),
                        cipher.decrypt(row.getString("nrs_api_password")),
                        row.getString("time_zone")),
                portalId);
    }

    /**
     * The status of each of these portals that exists, read in the caller's transaction (no credentials read or
     * decrypted): what a write that must be refused for an unknown or disconnected portal needs.
     */
    public Map<Long, String> statuses(Connection c, Collection<Long> portalIds) throws SQLException {
        Map<Long, String> statuses = new HashMap<>();
        if (portalIds.isEmpty()) {
            return statuses;
        }
        String in = Db.placeholders(portalIds.size());
        for (Object[] row : Db.query(
                c,
                "SELECT portal_id, status FROM portal WHERE portal_id IN (" + in + ")",
                r -> new Object[] {r.getLong(1), r.getString(2)},
                portalIds.toArray())) {
            statuses.put((Long) row[0], (String) row[1]);
        }
        return statuses;
    }

    /** Creates the portal if it is new; an existing portal keeps its tokens and credentials. */
    /** The portals linked to this 360nrs account (a disconnected portal is linked to none). */
    public List<Long> linkedTo(String nrsUsername) {
        return db.query(
                "SELECT portal_id FROM portal WHERE nrs_username = ? ORDER BY portal_id",
                row -> row.getLong(1),
                nrsUsername);
    }

    public void createIfAbsent(
            long portalId, String refreshToken, String nrsUsername, String nrsApiPassword, String timeZone) {
        db.update(
                "INSERT INTO portal (portal_id, status, hubspot_refresh_token, nrs_username, nrs_api_password, time_zone) "
                        + "VALUES (?, 'CONNECTED', ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                portalId,
                cipher.encrypt(refreshToken),
                nrsUsername,
                cipher.encrypt(nrsApiPassword),
                timeZone);
    }

    /** A refresh that ends after the portal was disconnected stores nothing. */
    public void saveTokens(long portalId, String accessToken, String refreshToken, Instant expiresAt) {
        db.update(
                "UPDATE portal SET hubspot_access_token = ?, hubspot_refresh_token = ?, hubspot_token_expires_at = ?, "
                        + "updated_at = CURRENT_TIMESTAMP WHERE portal_id = ? AND status IN ('INSTALLED', 'CONNECTED')",
                cipher.encrypt(accessToken),
                cipher.encrypt(refreshToken),
                expiresAt,
                portalId);
    }

    /**
     * The tokens of an OAuth install. A new portal (or one disconnected before) is INSTALLED until its 360nrs account
     * is linked; a connected one stays CONNECTED with its new tokens.
     */
    public void saveInstall(long portalId, String accessToken, String refreshToken, Instant expiresAt) {
        db.inTransaction(c -> {
            Db.update(
                    c,
                    "INSERT INTO portal (portal_id, status) VALUES (?, 'INSTALLED') ON CONFLICT DO NOTHING",
                    portalId);
            Db.update(
                    c,
                    "UPDATE portal SET status = CASE WHEN status = 'CONNECTED' THEN 'CONNECTED' ELSE 'INSTALLED' END, "
                            + "hubspot_access_token = ?, hubspot_refresh_token = ?, hubspot_token_expires_at = ?, "
                            + "installed_at = ?, updated_at = CURRENT_TIMESTAMP WHERE portal_id = ?",
                    cipher.encrypt(accessToken),
                    cipher.encrypt(refreshToken),
                    Db.timestamp(expiresAt),
                    Db.timestamp(Instant.now()),
                    portalId);
            return null;
        });
    }

    /** Links the 360nrs account (checked against 360nrs by the caller); answers false when the portal has no grant. */
    public boolean linkAccount(long portalId, String nrsUsername, String nrsApiPassword) {
        return db.update(
                        "UPDATE portal SET status = 'CONNECTED', nrs_username = ?, nrs_api_password = ?, "
                                + "updated_at = CURRENT_TIMESTAMP WHERE portal_id = ? AND status IN ('INSTALLED', 'CONNECTED')",
                        nrsUsername,
                        cipher.encrypt(nrsApiPassword),
                        portalId)
                == 1;
    }

    /** Portals holding an access token that expires before the given time (candidates for a refresh ahead of use). */
    public List<Long> expiringBefore(Instant before) {
        return db.query(
                "SELECT portal_id FROM portal WHERE status IN ('INSTALLED', 'CONNECTED') "
                        + "AND hubspot_refresh_token IS NOT NULL AND hubspot_token_expires_at IS NOT NULL "
                        + "AND hubspot_token_expires_at < ? ORDER BY hubspot_token_expires_at",
                row -> row.getLong(1),
                Db.timestamp(before));
    }

    /**
     * The first step of a disconnection: nothing more is sent or accepted for the portal (it is not connected), but
     * its tokens still work so that what the disconnection settles can still be written to HubSpot.
     */
    public void beginDisconnect(long portalId) {
        db.update(
                "UPDATE portal SET status = 'DISCONNECTING', updated_at = CURRENT_TIMESTAMP "
                        + "WHERE portal_id = ? AND status IN ('INSTALLED', 'CONNECTED')",
                portalId);
    }

    /**
     * After disconnection nothing more is sent for the portal and its secrets are gone: tokens, the 360nrs account
     * and its password are nulled (nothing recoverable).
     */
    public void disconnect(long portalId) {
        db.update(
                "UPDATE portal SET status = 'DISCONNECTED', hubspot_access_token = NULL, hubspot_refresh_token = NULL, "
                        + "hubspot_token_expires_at = NULL, nrs_username = NULL, nrs_api_password = NULL, "
                        + "updated_at = CURRENT_TIMESTAMP WHERE portal_id = ?",
                portalId);
    }
}
