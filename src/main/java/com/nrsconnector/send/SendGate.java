package com.nrsconnector.send;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.jboss.logging.Logger;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.nrs.PreparedSend;
import com.nrsconnector.nrs.SendGroup;
import com.nrsconnector.store.Portal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Decides, in the dispatcher, which 360nrs requests are handed to the senders now, so that no sender ever waits for an
 * account: a request goes only while its 360nrs account's circuit breaker lets calls through, the account holds fewer
 * than connector.nrs.max-in-flight-per-account requests (handed over or under way), the senders have room, and the
 * account's rate (sends per second: {@link SendRates}, a resilience4j rate limiter per account) has room for every
 * recipient of the request. The sends of any other request go back to the durable queue, their attempt not counted,
 * due again when they may go: when the breaker half-opens, at the account's next free rate slots, or a poll interval
 * later when its account's requests are all in flight.
 * <p>
 * It also paces the dispatcher: {@link #room()} is how many sends to claim (requests the senders have room for, plus as
 * many waiting for one, times the recipients of the latest largest request), and {@link #more} keeps a dispatcher round
 * claiming while there is due work and room.
 */
@ApplicationScoped
@Named("sendGate")
@RegisterForReflection
public class SendGate {

    private static final Logger LOG = Logger.getLogger(SendGate.class);

    /** How far ahead a send held back by its account's rate is given a slot; later ones are looked at again then. */
    static final Duration HORIZON = Duration.ofSeconds(10);
    /** Exchange properties of a dispatcher round. */
    static final String ROUND_STARTED = "sendRoundStarted";

    public static final String ROOM = "sendRoom";
    public static final String CLAIMED = "sendClaimed";

    private final SendQueue queue;
    private final SendRates rates;
    private final NrsCircuitBreaker breakers;
    private final int capacity;
    private final int perAccount;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration lease;
    private final Duration ratePeriod;

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    /** Requests handed over and not yet done, by reference: their account and until when they count (the lease). */
    private final Map<Long, Handed> handed = new ConcurrentHashMap<>();
    /**
     * Recipients of the largest request of the latest admission (at least 1): a claim is sized for requests that big,
     * so that sends of one text are claimed (and grouped) together, while sends that each make a request of their own
     * are not claimed far beyond what the senders can take. Until requests were seen, a full batch.
     */
    private volatile int sendsPerRequest;

    private final Map<String, AtomicInteger> holding = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roomFreed = lock.newCondition();

    private record Handed(String account, Instant until) {}

    @Inject
    public SendGate(SendQueue queue, SendRates rates, NrsCircuitBreaker breakers, ConnectorConfig config) {
        this(queue, rates, breakers, config, Duration.ofSeconds(1));
    }

    /** With another rate period than a second (tests). */
    SendGate(
            SendQueue queue, SendRates rates, NrsCircuitBreaker breakers, ConnectorConfig config, Duration ratePeriod) {
        this.queue = queue;
        this.rates = rates;
        this.breakers = breakers;
        this.capacity = 2 * Math.max(1, config.nrs().maxInFlight());
        this.perAccount = Math.max(1, config.nrs().maxInFlightPerAccount());
        this.batchSize = Math.max(1, config.dispatcher().batchSize());
        this.sendsPerRequest = batchSize;
        this.pollInterval = config.dispatcher().pollInterval();
        this.lease = config.dispatcher().lease();
        this.ratePeriod = ratePeriod;
    }

    /**
     * Loop condition of a dispatcher round: go on while the last claim was full, there is room, the round is young, and
     * it did not yield to workflow calls ({@link CallPriority}: then it claims once).
     */
    public boolean more(Exchange exchange) {
        Long started = exchange.getProperty(ROUND_STARTED, Long.class);
        if (started == null) {
            exchange.setProperty(ROUND_STARTED, System.nanoTime());
            return true;
        }
        if (exchange.getProperty(CallPriority.ONE_CLAIM, false, Boolean.class)) {
            return false;
        }
        int room = exchange.getProperty(ROOM, 0, Integer.class);
        int claimed = exchange.getProperty(CLAIMED, 0, Integer.class);
        // A round ends after ten poll intervals at most, so that a reload or a shutdown never waits long for it.
        return room > 0
                && claimed >= room
                && System.nanoTime() - started < pollInterval.multipliedBy(10).toNanos();
    }

    /**
     * Route step before a claim: how many sends to claim. Waits (a poll interval at most) while the senders and the
     * hand-over queue are nearly full, so that the dispatcher never blocks on the hand-over.
     */
    public int room() {
        long deadline = System.nanoTime() + pollInterval.toNanos();
        int enough = Math.max(1, capacity / 4);
        lock.lock();
        try {
            while (true) {
                expire();
                int free = capacity - handed.size();
                long left = deadline - System.nanoTime();
                if (free >= enough || left <= 0) {
                    return (int) Math.max(0, Math.min(batchSize, (long) free * sendsPerRequest));
                }
                roomFreed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Route step after the claimed messages are loaded, before they are enriched and composed: the sends that could
     * not go now anyway (breaker open, account's requests all in flight, no rate left) go back to the queue at once,
     * so that no HubSpot read or composition is spent on them.
     */
    public List<SendCandidate> screen(@Body List<SendCandidate> candidates) {
        Instant now = Instant.now();
        Map<String, Integer> passed = new HashMap<>();
        Map<Long, Instant> back = new LinkedHashMap<>();
        List<SendCandidate> kept = new ArrayList<>();
        for (SendCandidate candidate : candidates) {
            String account = candidate.portal().map(Portal::nrsUsername).orElse(null);
            // Without an account the suppression step settles it.
            Instant until = account == null ? null : heldUntil(account, passed.getOrDefault(account, 0), now);
            if (until != null) {
                back.put(candidate.message().id(), until);
            } else {
                kept.add(candidate);
                if (account != null) {
                    passed.merge(account, 1, Integer::sum);
                }
            }
        }
        giveBack(back);
        return kept;
    }

    /**
     * Route step after the grouping: the requests handed to the senders now, each taking one of its account's rate
     * permits per recipient and one of its places in flight. A request with more recipients than the account's rate has
     * permits left goes with as many as there are permits for (never more than the rate allows), the rest of it with a
     * later one. The sends of the requests held back go back to the queue, due when they may go, attempt not counted.
     */
    public List<SendGroup> admit(@Body List<SendGroup> requests) {
        Instant now = Instant.now();
        Map<Long, Instant> back = new LinkedHashMap<>();
        List<SendGroup> admitted = new ArrayList<>();
        int largest = 0;
        for (SendGroup request : requests) {
            largest = Math.max(largest, request.size());
            String account = request.nrsUsername() == null ? "" : request.nrsUsername();
            Instant blocked = handed.size() >= capacity ? now.plus(pollInterval) : blockedUntil(account, now);
            if (blocked != null) {
                request.messageIds().forEach(id -> back.put(id, blocked));
                continue;
            }
            Lane lane = lane(account);
            int granted = lane.acquireUpTo(request.size());
            List<Long> ids = request.messageIds();
            if (granted < ids.size()) {
                Instant slot = lane.nextSlot(now, ids.size() - granted);
                ids.subList(granted, ids.size()).forEach(id -> back.put(id, slot));
            }
            if (granted == 0) {
                continue;
            }
            SendGroup going = granted == ids.size()
                    ? request
                    : request.only(ids.subList(0, granted)).orElseThrow();
            Handed previous = handed.put(going.messageId(), new Handed(account, now.plus(lease)));
            if (previous != null) {
                count(previous.account(), -1);
            }
            count(account, 1);
            admitted.add(going);
        }
        if (largest > 0) {
            sendsPerRequest = largest;
        }
        giveBack(back);
        return admitted;
    }

    /**
     * Takes {@code permits} of the account's rate (sends, or recipients of one request) if they are there now; a
     * request for more than the account's rate takes a whole period's worth. Never waits.
     */
    public boolean tryAcquire(String account, int permits) {
        Lane lane = lane(account == null ? "" : account);
        return lane.limiter.acquirePermission(Math.max(1, Math.min(permits, lane.rate)));
    }

    /**
     * Route step, first in the send route: the send counts against its account's in-flight places until its exchange
     * is done, however it ends.
     */
    public void track(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        long messageId;
        if (body instanceof SendGroup request) {
            messageId = request.messageId();
        } else if (body instanceof PreparedSend sms) {
            messageId = sms.messageId();
        } else {
            return;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                done(messageId);
            }
        });
    }

    /** The request is done (sent, settled, given back or dropped): its place is free. */
    void done(long messageId) {
        Handed gone = handed.remove(messageId);
        if (gone != null) {
            count(gone.account(), -1);
        }
        signal();
    }

    /** Requests of the account handed over and not yet done. */
    public int holding(String account) {
        AtomicInteger count = holding.get(account == null ? "" : account);
        return count == null ? 0 : Math.max(0, count.get());
    }

    /** Every account's sends per second as the gate applies them now, and its sends handed over. */
    public Map<String, Map<String, Integer>> lanes() {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        lanes.forEach(
                (account, lane) -> out.put(account, Map.of("ratePerSecond", lane.rate, "holding", holding(account))));
        return out;
    }

    /**
     * For operations (GET /ops/senders): per 360nrs account seen since the start, its circuit breaker's state, its rate
     * and its sends handed over or under way; and the senders' room.
     */
    public Map<String, Object> status() {
        Map<String, Map<String, Object>> accounts = new TreeMap<>();
        breakers.states()
                .forEach((account, state) -> accounts.computeIfAbsent(account, a -> new LinkedHashMap<>())
                        .put("breaker", state));
        lanes().forEach((account, lane) ->
                accounts.computeIfAbsent(account, a -> new LinkedHashMap<>()).putAll(lane));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("handedOver", handed.size());
        out.put("capacity", capacity);
        out.put("maxInFlightPerAccount", perAccount);
        out.put("accounts", accounts);
        return out;
    }

    /** When the account may send again if its breaker or its places in flight hold it back now, else null. */
    private Instant blockedUntil(String account, Instant now) {
        Optional<Duration> breakerWait = breakers.waitFor(account);
        if (breakerWait.isPresent()) {
            return now.plus(breakerWait.get());
        }
        return holding(account) >= perAccount ? now.plus(pollInterval) : null;
    }

    /**
     * When the account's send may go, or null if it may go now; {@code alreadyPassed} sends of the account were let
     * through this round, their permits not taken yet.
     */
    private Instant heldUntil(String account, int alreadyPassed, Instant now) {
        Instant blocked = blockedUntil(account, now);
        if (blocked != null) {
            return blocked;
        }
        Lane lane = lane(account);
        return lane.limiter.getMetrics().getAvailablePermissions() > alreadyPassed ? null : lane.nextSlot(now, 1);
    }

    private Lane lane(String account) {
        int rate = rates.rateFor(account);
        Lane lane = lanes.computeIfAbsent(account == null ? "" : account, name -> new Lane(name, rate));
        lane.adjust(rate);
        return lane;
    }

    private void giveBack(Map<Long, Instant> back) {
        if (back.isEmpty()) {
            return;
        }
        queue.release(back);
        LOG.debugf("%d send(s) held back for their account's breaker, rate or requests in flight", back.size());
    }

    private void count(String account, int delta) {
        holding.computeIfAbsent(account, a -> new AtomicInteger()).addAndGet(delta);
    }

    /** Sends handed over longer ago than the lease are no longer this instance's to count (a lost hand-over). */
    private void expire() {
        Instant now = Instant.now();
        handed.forEach((id, send) -> {
            if (send.until().isBefore(now) && handed.remove(id, send)) {
                count(send.account(), -1);
            }
        });
    }

    private void signal() {
        lock.lock();
        try {
            roomFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** One account's rate: a resilience4j rate limiter (permits per period) and the next slot given to a held send. */
    private final class Lane {
        private final RateLimiter limiter;
        private volatile int rate;
        private Instant booked = Instant.EPOCH;

        Lane(String account, int rate) {
            this.rate = Math.max(1, rate);
            this.limiter = RateLimiter.of(
                    account,
                    RateLimiterConfig.custom()
                            .limitForPeriod(this.rate)
                            .limitRefreshPeriod(ratePeriod)
                            .timeoutDuration(Duration.ZERO)
                            .build());
        }

        /**
         * The rate file changed: the new rate applies from the next period on, and a lower one at once (what is left
         * of the current period's permits is dropped).
         */
        synchronized void adjust(int newRate) {
            int wanted = Math.max(1, newRate);
            if (wanted != rate) {
                limiter.changeLimitForPeriod(wanted);
                if (wanted < rate) {
                    limiter.drainPermissions();
                }
                rate = wanted;
                booked = Instant.EPOCH;
            }
        }

        /** Takes as many of the current period's permits as are left, up to {@code wanted}; how many it took. */
        synchronized int acquireUpTo(int wanted) {
            int take = Math.min(wanted, Math.min(rate, limiter.getMetrics().getAvailablePermissions()));
            return take > 0 && limiter.acquirePermission(take) ? take : 0;
        }

        /** The next free slot for sends held back by the rate: {@code permits} slots after the current period. */
        synchronized Instant nextSlot(Instant now, int permits) {
            long spacing = Math.max(1, ratePeriod.toNanos() / rate);
            long wait = limiter instanceof AtomicRateLimiter atomic
                    ? atomic.getDetailedMetrics().getNanosToWait()
                    : ratePeriod.toNanos();
            Instant nextPeriod = now.plusNanos(Math.max(wait, spacing));
            Instant slot = booked.isAfter(nextPeriod) ? booked : nextPeriod;
            Instant horizon = now.plus(HORIZON);
            if (slot.isAfter(horizon)) {
                return horizon;
            }
            booked = slot.plusNanos(spacing * permits);
            return slot;
        }
    }
}
