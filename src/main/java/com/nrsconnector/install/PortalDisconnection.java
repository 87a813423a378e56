package com.nrsconnector.install;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.nrsconnector.hubspot.HubSpotTokens;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.messaging.TimelineEvents;
import com.nrsconnector.store.Db;
import com.nrsconnector.store.PortalStore;
import com.nrsconnector.timeline.TimelineEventWriter;
import com.nrsconnector.workflow.CompletionStore;
import com.nrsconnector.workflow.WorkflowCompletionWriter;

/**
 * Disconnects a portal, from either side ("Disconnect from HubSpot" on the connection page, an uninstall notice, or a
 * refresh answered invalid_grant): it stops sending at once (workflow calls answer 409), the sends still queued for
 * it become NOT_SENT ("disconnected"), their workflows completed as for any NOT_SENT, and its tokens and 360nrs
 * credentials are deleted. A send already handed to 360nrs settles on its own.
 * <p>
 * When the portal's tokens still work (a disconnection from the connection page), the NOT_SENT events and workflow
 * completions are written to HubSpot and the refresh token is revoked there before the tokens are deleted; after an
 * uninstall HubSpot no longer accepts them.
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

    @Inject
    SendQueue queue;

    @Inject
    TimelineEvents timelineEvents;

    @Inject
    CompletionStore completionStore;

    @Inject
    TimelineEventWriter timeline;

    @Inject
    WorkflowCompletionWriter completions;

    @Inject
    HubSpotTokens tokens;

    /** At most this many outbox rounds are written while a portal is being disconnected. */
    static final int MAX_FLUSH_ROUNDS = 100;
    /** How long a disconnection waits for writes another thread holds. */
    static final Duration OUTBOX_WAIT = Duration.ofSeconds(5);

    /** The portal's tokens are gone or revoked already: settles the queue and deletes what is left. */
    public int disconnect(long portalId, String why) {
        return disconnect(portalId, why, false);
    }

    /**
     * Answers how many queued sends were settled NOT_SENT. With {@code tokensValid}, what that settles is written to
     * HubSpot (timeline events, workflow completions) before the tokens are deleted.
     */
    public int disconnect(long portalId, String why, boolean tokensValid) {
        portals.beginDisconnect(portalId);
        int settled = settleQueue(portalId);
        if (tokensValid) {
            // A send being handed to 360nrs right now settles on its own; if it comes back to the queue it is
            // settled here too, so its workflow is completed while the tokens still work.
            awaitInFlight(portalId);
            settled += settleQueue(portalId);
            writeOutboxes(portalId);
            tokens.revoke(portalId);
        }
        portals.disconnect(portalId);
        LOG.infof(
                "portal %d disconnected (%s): tokens and 360nrs credentials deleted, %d queued send(s) NOT_SENT",
                portalId, why, settled);
        return settled;
    }

    /**
     * Writes the portal's due events and completions; rows the writers' timers hold at that moment are waited for
     * (they are being written with the tokens that still work), within a bound.
     */
    private void writeOutboxes(long portalId) {
        long deadline = System.nanoTime() + OUTBOX_WAIT.toNanos();
        try {
            for (int round = 0; round < MAX_FLUSH_ROUNDS; round++) {
                int written = timeline.flush() + completions.flush();
                if (written == 0) {
                    if (unwritten(portalId) == 0 || System.nanoTime() > deadline) {
                        return;
                    }
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The outboxes keep what they could not write; it is given up once the tokens are gone.
            LOG.warnf("portal %d: writing to HubSpot before the disconnection failed: %s", portalId, e.getMessage());
        }
    }

    private void awaitInFlight(long portalId) {
        long deadline = System.nanoTime() + OUTBOX_WAIT.toNanos();
        try {
            while (System.nanoTime() < deadline && queue.inFlight(portalId) > 0) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The portal's events and completions not written yet and not failed before (being written, or due). */
    private int unwritten(long portalId) {
        return db.inTransaction(c -> completionStore.unwritten(c, portalId) + timelineEvents.unwritten(c, portalId));
    }

    private int settleQueue(long portalId) {
        List<Long> queued = queue.waiting(portalId);
        int settled = 0;
        for (long messageId : queued) {
            if (messages.markNotSent(messageId, REASON, null, Instant.now())) {
                settled++;
            }
        }
        return settled;
    }

    void onGrantRevoked(@Observes HubSpotTokens.GrantRevoked revoked) {
        disconnect(revoked.portalId(), "HubSpot refused the refresh token");
    }
}
