package com.nrsconnector.stats;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.install.InstallSecurity;
import com.nrsconnector.install.Session;
import com.nrsconnector.ops.OpsAuthenticationException;
import com.nrsconnector.ops.OpsAuthenticator;

/**
 * Who may read a portal's statistics: the operators (HTTP Basic, the operations credentials) for any portal, and the
 * portal's own connection-page session for that portal only. Anyone else gets 401; a session of another portal 403.
 */
@ApplicationScoped
public class StatisticsAccess {

    @Inject
    OpsAuthenticator ops;

    @Inject
    InstallSecurity security;

    /**
     * The portal whose figures are answered. {@code portalId} may be left out by a session (its own portal); an
     * operator must name it.
     */
    public long portalFor(String authorization, String cookie, String portalId) {
        Long asked = portalId(portalId);
        if (authorization != null && !authorization.isBlank()) {
            if (ops.authenticate(authorization) == null) {
                throw new OpsAuthenticationException("the credentials are not valid");
            }
            if (asked == null) {
                throw RequestRejectedException.badRequest("portalId", "portalId is required");
            }
            return asked;
        }
        Session session = security.sessions().read(cookie).orElse(null);
        if (session == null) {
            throw new OpsAuthenticationException(
                    "the statistics need the portal's connection-page session or the operations credentials");
        }
        if (asked != null && asked != session.portalId()) {
            throw new RequestRejectedException(
                    403, "this session may not read another portal's statistics", "portalId");
        }
        return session.portalId();
    }

    static Long portalId(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.matches("[1-9][0-9]{0,17}")) {
            throw RequestRejectedException.badRequest("portalId", "portalId must be a positive number");
        }
        return Long.parseLong(value);
    }
}
