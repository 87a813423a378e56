package com.nrsconnector.hubspot;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Keeps each portal under HubSpot's per-account limit (110 requests per rolling 10 s for public apps) across every
 * instance that shares the database: a portal has as many request slots (table hubspot_rate_slot) as the limit
 * allows, a request claims a free one with one conditional update before it is sent, holds it while in flight, and
 * once answered holds it for the whole period more. So every request HubSpot received in the period before a new one
 * arrives still holds its slot when the new one claims its own, and HubSpot never sees more than the limit in any
 * rolling period. A caller that finds no free slot waits for one instead of collecting 429s. Time is the database's
 * clock, so the instances' clocks need not agree.
 */
@ApplicationScoped
@Named("hubspotRateLimiter")
@RegisterForReflection
public class PortalRateLimiter {

    private static final Logger LOG = Logger.getLogger(PortalRateLimiter.class);
    private static final String NOW_MILLIS = "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)";

    /** Runs work in one transaction ({@link Db#inTransaction}). */
    @FunctionalInterface
    public interface Transactions {
        <T> T inTransaction(Db.Work<T> work);
    }

    /** A claimed slot: released (held for the period from then on) when the request is answered. */
    public record Slot(long portalId, int slot, String holder) {}

    @Inject
    Db db;

    @Inject
    ConnectorConfig config;

    private Transactions transactions;
    private int maxRequests;
    private long windowMillis;
    private long inFlightMillis;
    /** The portals whose slots exist (for the limit in force), and one lock per portal for this instance's callers. */
    private final Map<Long, Object> portals = new ConcurrentHashMap<>();

    PortalRateLimiter() {}

    /**
     * @param inFlight how long a claimed slot stays held if its request is never answered (its instance died)
     */
    public PortalRateLimiter(Transactions transactions, int maxRequests, Duration window, Duration inFlight) {
        configure(transactions, maxRequests, window, inFlight);
    }

    @PostConstruct
    void init() {
        // Connect, then answer: the longest a request can be in flight.
        configure(
                db::inTransaction,
                config.hubspot().rateLimitRequests(),
                config.hubspot().rateLimitPeriod(),
                config.hubspot().requestTimeout().multipliedBy(2));
    }

    private void configure(Transactions transactions, int maxRequests, Duration window, Duration inFlight) {
        if (maxRequests < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the HubSpot rate limit needs at least 1 request in a positive period");
        }
        this.transactions = transactions;
        this.maxRequests = maxRequests;
        this.windowMillis = window.toMillis();
        this.inFlightMillis = inFlight.toMillis();
    }

    /** Route step: waits for a free request slot of the portal and claims it. */
    public Slot acquire(long portalId) {
        Object lock = portals.computeIfAbsent(portalId, id -> {
            transactions.inTransaction(c -> createSlots(c, id));
            return new Object();
        });
        String holder = UUID.randomUUID().toString();
        // One caller of this instance at a time per portal; the database settles it between instances.
        synchronized (lock) {
            while (true) {
                long wait = transactions.inTransaction(c -> tryClaim(c, portalId, holder));
                if (wait < 0) {
                    return new Slot(portalId, (int) (-wait - 1), holder);
                }
                try {
                    Thread.sleep(Math.max(1, wait) + ThreadLocalRandom.current().nextInt(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the HubSpot rate limit", e);
                }
            }
        }
    }

    /**
     * Route step once the request is answered (or failed): the slot stays held for the whole period from now. A
     * release that fails leaves the slot held for the in-flight time, which is longer.
     */
    public void release(@ExchangeProperty(HubSpotCall.RATE_SLOT) Slot slot) {
        if (slot == null) {
            return;
        }
        try {
            transactions.inTransaction(c -> Db.update(
                    c,
                    "UPDATE hubspot_rate_slot SET held_until = " + NOW_MILLIS
                            + " + ?, holder = NULL WHERE portal_id = ? AND slot = ? AND holder = ?",
                    windowMillis,
                    slot.portalId(),
                    slot.slot(),
                    slot.holder()));
        } catch (RuntimeException e) {
            LOG.warnf(
                    "HubSpot rate limit: the request slot of portal %d stays held for its in-flight time: %s",
                    slot.portalId(), e.toString());
        }
    }

    /** Claims the free slot held the shortest: -(slot + 1) if claimed, else how many milliseconds to wait. */
    private long tryClaim(Connection c, long portalId, String holder) throws SQLException {
        Optional<long[]> first = Db.queryOne(
                c,
                "SELECT slot, held_until, " + NOW_MILLIS + " AS now_millis "
                        + "FROM hubspot_rate_slot WHERE portal_id = ? AND slot < ? ORDER BY held_until, slot LIMIT 1",
                row -> new long[] {row.getLong(1), row.getLong(2), row.getLong(3)},
                portalId,
                maxRequests);
        if (first.isEmpty()) {
            // Slots removed under us (a cleared table): create them again.
            createSlots(c, portalId);
            return 0;
        }
        long slot = first.get()[0];
        long heldUntil = first.get()[1];
        long now = first.get()[2];
        if (heldUntil > now) {
            return Math.min(heldUntil - now, windowMillis);
        }
        int claimed = Db.update(
                c,
                "UPDATE hubspot_rate_slot SET held_until = ?, holder = ? "
                        + "WHERE portal_id = ? AND slot = ? AND held_until <= ?",
                now + inFlightMillis + windowMillis,
                holder,
                portalId,
                (int) slot,
                now);
        // Taken by another instance in the meantime: look again at once.
        return claimed == 1 ? -(slot + 1) : 0;
    }

    private Void createSlots(Connection c, long portalId) throws SQLException {
        for (int slot = 0; slot < maxRequests; slot++) {
            Db.update(
                    c,
                    "INSERT INTO hubspot_rate_slot (portal_id, slot, held_until) VALUES (?, ?, 0) "
                            + "ON CONFLICT DO NOTHING",
                    portalId,
                    slot);
        }
        return null;
    }
}
