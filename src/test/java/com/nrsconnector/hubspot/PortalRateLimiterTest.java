package com.nrsconnector.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class PortalRateLimiterTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(5);
    private static final long PORTAL_A = 62_515L;
    private static final long PORTAL_B = 99_001L;

    @Test
    void callsWithinTheLimitReturnAtOnce() {
        PortalRateLimiter limiter = new PortalRateLimiter(10, Duration.ofMinutes(10));
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            for (int i = 0; i < 10; i++) {
                limiter.acquire(PORTAL_A);
            }
        });
    }

    @Test
    void callBeyondTheLimitWaitsUntilTheWindowHasPassed() {
        Duration window = Duration.ofMillis(300);
        PortalRateLimiter limiter = new PortalRateLimiter(3, window);
        long elapsedNanos = assertTimeoutPreemptively(HANG_GUARD, () -> {
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                limiter.acquire(PORTAL_A);
            }
            limiter.acquire(PORTAL_A);
            return System.nanoTime() - start;
        });
        assertTrue(elapsedNanos >= Duration.ofMillis(250).toNanos(),
                "the 4th call should have waited for the 300 ms window, returned after " + elapsedNanos / 1_000_000 + " ms");
    }

    @Test
    void sustainedCallsAreSpreadOverSuccessiveWindows() {
        PortalRateLimiter limiter = new PortalRateLimiter(2, Duration.ofMillis(300));
        long elapsedNanos = assertTimeoutPreemptively(HANG_GUARD, () -> {
            long start = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                limiter.acquire(PORTAL_A);
            }
            return System.nanoTime() - start;
        });
        assertTrue(elapsedNanos >= Duration.ofMillis(500).toNanos(),
                "6 calls at 2 per 300 ms need at least two full windows, returned after "
                        + elapsedNanos / 1_000_000 + " ms");
    }

    @Test
    void otherPortalIsNotDelayedByAFullPortal() {
        PortalRateLimiter limiter = new PortalRateLimiter(2, Duration.ofMinutes(10));
        limiter.acquire(PORTAL_A);
        limiter.acquire(PORTAL_A);

        assertTimeoutPreemptively(HANG_GUARD, () -> {
            limiter.acquire(PORTAL_B);
            limiter.acquire(PORTAL_B);
        });
    }

    @Test
    void fullPortalBlocksUntilInterruptedAndThenFailsClearly() throws Exception {
        PortalRateLimiter limiter = new PortalRateLimiter(1, Duration.ofMinutes(10));
        limiter.acquire(PORTAL_A);
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
