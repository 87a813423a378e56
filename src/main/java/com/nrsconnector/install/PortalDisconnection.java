package com.nrsconnector.install;

import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import com.nrsconnector.hubspot.HubSpotTokens;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.store.Db;
import com.nrsconnector.store.PortalStore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Disconnects a portal, from either side ("Disconnect from HubSpot" on the connection page, an uninstall notice, or a
 * refresh answered invalid_grant): it stops sending at once (workflow calls answer 409), its tokens and 360nrs
 * credentials are deleted, and the sends still queued for it become NOT_SENT ("disconnected"), their workflows
 * completed as for any NOT_SENT. A send already handed to 360nrs settles on its own.
 */
@ApplicationScoped
public class PortalDisconnection {

    private static final Logger LOG = Logger.getLogger(PortalDisconnection.class);
    static final String REASON = "disconnected";

    @Inject
    PortalStore portals;

    @Inject
    MessageStore messages;

    @Inject
    Db db;

    /** Answers how many queued sends were settled NOT_SENT. */
    public int disconnect(long portalId, String why) {
        portals.disconnect(portalId);
        List<Long> queued = db.query("SELECT q.message_id FROM send_queue q JOIN message m ON m.id = q.message_id "
                + "WHERE m.portal_id = ? AND m.status = 'PENDING' AND q.in_flight_since IS NULL ORDER BY q.message_id",
                row -> row.getLong(1), portalId);
        int settled = 0;
        for (long messageId : queued) {
            if (messages.markNotSent(messageId, REASON, null, Instant.now())) {
                settled++;
            }
        }
        LOG.infof("portal %d disconnected (%s): tokens and 360nrs credentials deleted, %d queued send(s) NOT_SENT",
                portalId, why, settled);
        return settled;
    }

    void onGrantRevoked(@Observes HubSpotTokens.GrantRevoked revoked) {
        disconnect(revoked.portalId(), "HubSpot refused the refresh token");
    }
}
