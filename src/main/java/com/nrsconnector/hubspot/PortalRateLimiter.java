package com.nrsconnector.hubspot;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each portal under HubSpot's per-account limit (110 requests per rolling 10 s for public apps): a caller that
 * would exceed the window waits for a slot instead of collecting 429s.
 */
public class PortalRateLimiter {

    private final int maxRequests;
    private final long windowNanos;
    private final Map<Long, Deque<Long>> windows = new ConcurrentHashMap<>();

    public PortalRateLimiter(int maxRequests, Duration window) {
        this.maxRequests = maxRequests;
        this.windowNanos = window.toNanos();
    }

    public void acquire(long portalId) {
        Deque<Long> window = windows.computeIfAbsent(portalId, id -> new ArrayDeque<>());
        while (true) {
            long waitNanos;
            synchronized (window) {
                long now = System.nanoTime();
                while (!window.isEmpty() && now - window.peekFirst() >= windowNanos) {
                    window.pollFirst();
                }
                if (window.size() < maxRequests) {
                    window.addLast(now);
                    return;
                }
                waitNanos = windowNanos - (now - window.peekFirst());
            }
            try {
                Thread.sleep(Math.max(1, waitNanos / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the HubSpot rate limit", e);
            }
        }
    }
}
