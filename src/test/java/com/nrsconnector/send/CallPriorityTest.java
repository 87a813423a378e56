package com.nrsconnector.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * Workflow calls before sends, without a running connector: a counter stands in for the intake, and each check of the
 * call rate advances it as calls would arrive. Asserted by what a round is told and by the checks made, never by how
 * long a round waited.
 */
class CallPriorityTest {

    /** A running count of calls that grows by {@code perCheck} each time it is read (calls arriving meanwhile). */
    private static final class ArrivingCalls {
        final AtomicLong count = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        volatile long perCheck;

        ArrivingCalls(long perCheck) {
            this.perCheck = perCheck;
        }

        long read() {
            reads.incrementAndGet();
            return count.addAndGet(perCheck);
        }
    }

    private static Exchange round() {
        return new DefaultExchange(new DefaultCamelContext());
    }

    @Test
    void withoutCallsARoundGoesAtOnceAndClaimsOn() throws Exception {
        ArrivingCalls calls = new ArrivingCalls(0);
        CallPriority priority = new CallPriority(calls::read, 200, Duration.ofSeconds(30));
        Exchange round = round();
        priority.awaitTurn(round);
        assertNull(round.getProperty(CallPriority.ONE_CLAIM), "nothing to yield to");
        assertEquals(2, calls.reads.get(), "one look at the rate (and the first count)");
    }

    @Test
    void aFewCallsDoNotHoldSendsBack() throws Exception {
        // One call per check, each check at least 50 ms apart: at most 20 calls a second, under the 200 that count.
        ArrivingCalls calls = new ArrivingCalls(1);
        CallPriority priority = new CallPriority(calls::read, 200, Duration.ofSeconds(30));
        Exchange round = round();
        priority.awaitTurn(round);
        assertNull(round.getProperty(CallPriority.ONE_CLAIM));
    }

    @Test
    void aBurstOfCallsMakesTheRoundWaitThenClaimOnce() throws Exception {
        // A thousand calls between checks at least 50 ms apart: well over 200 a second, until the burst ends.
        ArrivingCalls calls = new ArrivingCalls(1000);
        CallPriority priority = new CallPriority(calls::read, 200, Duration.ofSeconds(30));
        Thread burstEnds = new Thread(() -> {
            try {
                while (calls.reads.get() < 4) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            calls.perCheck = 0;
        });
        burstEnds.start();
        Exchange round = round();
        priority.awaitTurn(round);
        burstEnds.join();
        assertTrue(calls.reads.get() >= 4, "it looked again while the calls came: " + calls.reads.get());
        assertEquals(Boolean.TRUE, round.getProperty(CallPriority.ONE_CLAIM), "a round that yielded claims once");

        Exchange next = round();
        priority.awaitTurn(next);
        assertNull(next.getProperty(CallPriority.ONE_CLAIM), "the burst is over: the next round claims on");
    }

    @Test
    void aBurstThatGoesOnNeverStopsTheSends() throws Exception {
        ArrivingCalls calls = new ArrivingCalls(1000);
        CallPriority priority = new CallPriority(calls::read, 200, Duration.ofMillis(200));
        for (int i = 0; i < 3; i++) {
            Exchange round = round();
            priority.awaitTurn(round);
            assertEquals(
                    Boolean.TRUE, round.getProperty(CallPriority.ONE_CLAIM), "round " + i + " goes, claiming once");
        }
        // Each round waited at most yield-at-most (200 ms), rate checks 50 ms apart: a handful of checks per round.
        assertTrue(calls.reads.get() <= 1 + 3 * 6, "checks: " + calls.reads.get());
    }

    @Test
    void aRoundInterruptedWhileItWaitsClaimsOnceAndKeepsTheInterruption() throws Exception {
        ArrivingCalls calls = new ArrivingCalls(1000);
        CallPriority priority = new CallPriority(calls::read, 200, Duration.ofSeconds(30));
        Exchange round = round();
        boolean[] interrupted = new boolean[1];
        Thread dispatcher = new Thread(() -> {
            priority.awaitTurn(round);
            interrupted[0] = Thread.currentThread().isInterrupted();
        });
        dispatcher.start();
        while (calls.reads.get() < 3) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        dispatcher.interrupt();
        dispatcher.join();
        assertTrue(interrupted[0], "the route sees the interruption");
        assertEquals(Boolean.TRUE, round.getProperty(CallPriority.ONE_CLAIM));
    }

    @Test
    void zeroTurnsThePriorityOff() throws Exception {
        ArrivingCalls calls = new ArrivingCalls(1000);
        CallPriority priority = new CallPriority(calls::read, 0, Duration.ofSeconds(30));
        Exchange round = round();
        priority.awaitTurn(round);
        assertFalse(round.getProperties().containsKey(CallPriority.ONE_CLAIM));
        assertEquals(1, calls.reads.get(), "the rate is not even looked at");
    }
}
