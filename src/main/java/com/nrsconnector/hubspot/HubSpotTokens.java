package com.nrsconnector.hubspot;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.store.Portal;
import com.nrsconnector.store.PortalStore;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The OAuth step of the HubSpot route: the portal's bearer token, refreshed through {@code direct:hubspot-oauth-token}
 * when it expires within the configured margin (or when HubSpot answered 401). A refresh answered with invalid_grant
 * means the app was uninstalled: the portal is disconnected.
 */
@ApplicationScoped
@Named("hubspotTokens")
@RegisterForReflection
public class HubSpotTokens {

    private static final Logger LOG = Logger.getLogger(HubSpotTokens.class);

    @Inject
    ConnectorConfig config;

    @Inject
    PortalStore portals;

    @Inject
    ProducerTemplate producer;

    @Inject
    Event<GrantRevoked> revoked;

    /** HubSpot refused the portal's refresh token: the app was uninstalled or its access revoked. */
    public record GrantRevoked(long portalId) {}

    /**
     * Timer step: refreshes the tokens that expire within the margin (plus one timer period), so a portal's token is
     * fresh before its next use and an uninstall shows up as invalid_grant even while the portal sends nothing.
     * Answers how many portals were refreshed; one portal's failure does not stop the others.
     */
    public int refreshExpiring() {
        Instant before = Instant.now()
                .plus(config.hubspot().tokenRefreshMargin())
                .plus(config.hubspot().tokenRefreshInterval());
        int refreshed = 0;
        for (long portalId : portals.expiringBefore(before)) {
            try {
                refreshIfExpiring(portalId, before);
                refreshed++;
            } catch (RuntimeException e) {
                LOG.warnf("portal %d: the token could not be refreshed ahead of use: %s", portalId, e.getMessage());
            }
        }
        return refreshed;
    }

    private synchronized void refreshIfExpiring(long portalId, Instant before) {
        // Read again under the lock: a call may have refreshed it meanwhile.
        Portal portal = portals.find(portalId).orElse(null);
        if (portal == null
                || !portal.hubspotGranted()
                || portal.hubspotRefreshToken() == null
                || portal.hubspotTokenExpiresAt() == null
                || !portal.hubspotTokenExpiresAt().isBefore(before)) {
            return;
        }
        refresh(portal);
    }

    /** The Authorization header value for the portal; a forced refresh replaces a token HubSpot refused. */
    public synchronized String authorization(long portalId, boolean forceRefresh) {
        Portal portal = portals.find(portalId)
                .orElseThrow(
                        () -> new HubSpotApiException("portal " + portalId + " is not connected", 404, false, null));
        if (!portal.hubspotGranted()) {
            throw new HubSpotApiException("portal " + portalId + " is disconnected", 409, false, null);
        }
        Instant expiresAt = portal.hubspotTokenExpiresAt();
        boolean fresh = portal.hubspotAccessToken() != null
                && expiresAt != null
                && expiresAt.isAfter(Instant.now().plus(config.hubspot().tokenRefreshMargin()));
        if (fresh && !forceRefresh) {
            return "Bearer " + portal.hubspotAccessToken();
        }
        if (portal.hubspotRefreshToken() == null) {
            throw new HubSpotApiException(
                    "portal " + portalId + " has no refresh token; reconnect it", 409, false, null);
        }
        return "Bearer " + refresh(portal);
    }

    private String refresh(Portal portal) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", config.hubspot().clientId());
        form.put("client_secret", config.hubspot().clientSecret());
        form.put("refresh_token", portal.hubspotRefreshToken());
        TokenGrant grant;
        try {
            grant = producer.requestBody(HubSpotCall.TOKEN, encode(form), TokenGrant.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof GrantRevokedException) {
                LOG.warnf(
                        "portal %d: HubSpot refused the refresh token (invalid_grant); disconnecting it",
                        portal.portalId());
                portals.disconnect(portal.portalId());
                // The rest of the disconnection (queued sends settled NOT_SENT) belongs to whoever observes this.
                revoked.fire(new GrantRevoked(portal.portalId()));
                throw new HubSpotApiException(
                        "portal " + portal.portalId() + " was uninstalled or revoked", 409, false, null);
            }
            throw HubSpotApiClient.unwrap(e);
        }
        String refreshToken = grant.refreshToken() != null ? grant.refreshToken() : portal.hubspotRefreshToken();
        portals.saveTokens(portal.portalId(), grant.accessToken(), refreshToken, grant.expiresAt());
        return grant.accessToken();
    }

    /**
     * Gives the portal's refresh token back to HubSpot, so it stops working before the connector deletes it. A
     * failure is only logged: the disconnection goes on, and the token is deleted here anyway.
     */
    public void revoke(long portalId) {
        Portal portal = portals.find(portalId).orElse(null);
        if (portal == null || portal.hubspotRefreshToken() == null) {
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", config.hubspot().clientId());
        form.put("client_secret", config.hubspot().clientSecret());
        form.put("token", portal.hubspotRefreshToken());
        form.put("token_type_hint", "refresh_token");
        try {
            producer.requestBody(HubSpotCall.TOKEN_REVOKE, encode(form));
            LOG.infof("portal %d: refresh token revoked in HubSpot", portalId);
        } catch (CamelExecutionException e) {
            LOG.warnf(
                    "portal %d: the refresh token could not be revoked in HubSpot: %s",
                    portalId, HubSpotApiClient.unwrap(e).getMessage());
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
