package com.nrsconnector.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nrsconnector.store.Db;
import com.nrsconnector.store.StoreException;

/**
 * The per-portal HubSpot rate limit on a fresh embedded database with the connector's migrations; two limiters on one
 * database stand for two connector instances.
 */
class PortalRateLimiterTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final Duration IN_FLIGHT = Duration.ofMinutes(1);
    private static final long PORTAL_A = 62_515L;
    private static final long PORTAL_B = 99_001L;

    private String url;
    private Connection keepAlive;

    @BeforeEach
    void freshDatabase() throws SQLException {
        url = "jdbc:h2:mem:rate" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        keepAlive = DriverManager.getConnection(url, "sa", "");
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @AfterEach
    void close() throws SQLException {
        keepAlive.close();
    }

    private PortalRateLimiter limiter(int max, Duration window) {
        return new PortalRateLimiter(
                new PortalRateLimiter.Transactions() {
                    @Override
                    public <T> T inTransaction(Db.Work<T> work) {
                        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                            c.setAutoCommit(false);
                            T result = work.run(c);
                            c.commit();
                            return result;
                        } catch (SQLException e) {
                            throw new StoreException(e);
                        }
                    }
                },
                max,
                window,
                IN_FLIGHT);
    }

    private static void call(PortalRateLimiter limiter, long portal) {
        limiter.release(limiter.acquire(portal));
    }

    @Test
    void callsWithinTheLimitReturnAtOnce() {
        PortalRateLimiter limiter = limiter(10, Duration.ofMinutes(10));
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            for (int i = 0; i < 10; i++) {
                call(limiter, PORTAL_A);
            }
        });
    }

    @Test
    void callBeyondTheLimitWaitsUntilThePeriodAfterTheFirstAnswerHasPassed() {
        PortalRateLimiter limiter = limiter(3, Duration.ofMillis(300));
        long elapsedNanos = assertTimeoutPreemptively(HANG_GUARD, () -> {
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                call(limiter, PORTAL_A);
            }
            call(limiter, PORTAL_A);
            return System.nanoTime() - start;
        });
        assertTrue(
                elapsedNanos >= Duration.ofMillis(250).toNanos(),
                "the 4th call should have waited for the 300 ms period, returned after " + elapsedNanos / 1_000_000
                        + " ms");
    }

    @Test
    void twoInstancesOnOneDatabaseShareThePortalsLimit() throws Exception {
        Duration window = Duration.ofMillis(400);
        PortalRateLimiter first = limiter(4, window);
        PortalRateLimiter second = limiter(4, window);
        List<Long> claimedAt = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (PortalRateLimiter instance : List.of(first, second)) {
            for (int t = 0; t < 2; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 4; i++) {
                        PortalRateLimiter.Slot slot = instance.acquire(PORTAL_A);
                        claimedAt.add(System.nanoTime());
                        instance.release(slot);
                    }
                });
                threads.add(thread);
                thread.start();
            }
        }
        for (Thread thread : threads) {
            thread.join(HANG_GUARD.toMillis() * 2);
            assertFalse(thread.isAlive());
        }
        assertEquals(16, claimedAt.size());
        List<Long> sorted = new ArrayList<>(claimedAt);
        Collections.sort(sorted);
        // Never more than 4 claims within any 400 ms (a claim comes before its release, so allow the release's lag).
        for (int i = 4; i < sorted.size(); i++) {
            long gap = sorted.get(i) - sorted.get(i - 4);
            assertTrue(gap >= Duration.ofMillis(380).toNanos(), "5 claims within " + gap / 1_000_000 + " ms");
        }
    }

    @Test
    void aSlotWhoseRequestWasNeverAnsweredStaysHeldForItsInFlightTime() {
        PortalRateLimiter crashed = limiter(1, Duration.ofMillis(100));
        crashed.acquire(PORTAL_A);
        PortalRateLimiter other = limiter(1, Duration.ofMillis(100));
        CountDownLatch done = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            other.acquire(PORTAL_A);
            done.countDown();
        });
        waiter.setDaemon(true);
        waiter.start();
        assertTimeoutPreemptively(
                HANG_GUARD,
                () -> assertFalse(
                        done.await(500, TimeUnit.MILLISECONDS),
                        "the slot of an unanswered request is not free after the period alone"));
        waiter.interrupt();
    }

    @Test
    void otherPortalIsNotDelayedByAFullPortal() {
        PortalRateLimiter limiter = limiter(2, Duration.ofMinutes(10));
        call(limiter, PORTAL_A);
        call(limiter, PORTAL_A);

        assertTimeoutPreemptively(HANG_GUARD, () -> {
            call(limiter, PORTAL_B);
            call(limiter, PORTAL_B);
        });
    }

    @Test
    void fullPortalBlocksUntilInterruptedAndThenFailsClearly() throws Exception {
        PortalRateLimiter limiter = limiter(1, Duration.ofMinutes(10));
        call(limiter, PORTAL_A);
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            started.countDown();
            try {
                limiter.acquire(PORTAL_A);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        waiter.start();
        started.await();
        waiter.join(200);
        assertTrue(waiter.isAlive(), "a second call within the 10-minute window must still be waiting");
        assertNull(failure.get());

        waiter.interrupt();
        waiter.join(HANG_GUARD.toMillis());
        assertFalse(waiter.isAlive());
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, failure.get());
        assertEquals("interrupted while waiting for the HubSpot rate limit", e.getMessage());
        assertInstanceOf(InterruptedException.class, e.getCause());
    }
}
