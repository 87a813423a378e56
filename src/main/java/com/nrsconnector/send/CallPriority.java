package com.nrsconnector.send;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.workflow.IntakeWriter;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Workflow calls before sends: HubSpot waits for each call's answer, while a send may leave a moment later. The two
 * share the machine's cores, so while calls arrive faster than connector.dispatcher.yield-to-calls-above per second a
 * dispatcher round first waits for them to ease, at most connector.dispatcher.yield-at-most after the previous round,
 * and then claims once instead of claiming on. Sends never stop: a round still goes at least that often, with up to
 * connector.dispatcher.batch-size sends, and all the rest leaves as soon as the burst is over.
 */
@ApplicationScoped
@Named("callPriority")
@RegisterForReflection
public class CallPriority {

    /** Exchange property of a dispatcher round that yielded to calls: it claims once (see {@link SendGate#more}). */
    public static final String ONE_CLAIM = "sendRoundOneClaim";
    /** The shortest span a call rate is measured over. */
    static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LongSupplier calls;
    private final int callsPerSecond;
    private final long atMostNanos;
    private final AtomicLong yieldedRounds = new AtomicLong();

    private long sampleCalls;
    private long sampleAt;
    private long lastRound;

    @Inject
    public CallPriority(IntakeWriter intake, ConnectorConfig config, MeterRegistry meters) {
        this(
                intake::calls,
                config.dispatcher().yieldToCallsAbove(),
                config.dispatcher().yieldAtMost());
        FunctionCounter.builder("connector.dispatcher.yielded.rounds", this, CallPriority::yieldedRounds)
                .description("Dispatcher rounds that waited for a burst of workflow calls and then claimed once")
                .register(meters);
    }

    /** Calls counted by {@code calls} (a running total); yields above {@code callsPerSecond}, 0 never. */
    CallPriority(LongSupplier calls, int callsPerSecond, Duration atMost) {
        this.calls = calls;
        this.callsPerSecond = callsPerSecond;
        this.atMostNanos = atMost.toNanos();
        this.sampleCalls = calls.getAsLong();
        this.sampleAt = System.nanoTime();
        this.lastRound = sampleAt;
    }

    /**
     * Route step at the start of a dispatcher round (one dispatcher thread): waits while calls arrive fast, at most
     * until yield-at-most after the previous round began; a round that found calls arriving fast claims once. A round
     * interrupted while it waits (the route stopping) claims once too, and leaves the interruption to the route.
     */
    public synchronized void awaitTurn(Exchange exchange) {
        boolean yielded = false;
        try {
            yielded = waitForCalls();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            yielded = true;
        }
        lastRound = System.nanoTime();
        if (yielded) {
            yieldedRounds.incrementAndGet();
            exchange.setProperty(ONE_CLAIM, true);
        }
    }

    /** Dispatcher rounds that yielded to workflow calls since start. */
    public long yieldedRounds() {
        return yieldedRounds.get();
    }

    /** Waits while calls arrive faster than the threshold, until yield-at-most after the last round; true if it did. */
    private boolean waitForCalls() throws InterruptedException {
        boolean yielded = false;
        if (callsPerSecond > 0) {
            while (true) {
                long now = System.nanoTime();
                if (now - sampleAt < SAMPLE_NANOS) {
                    TimeUnit.NANOSECONDS.sleep(sampleAt + SAMPLE_NANOS - now);
                    now = System.nanoTime();
                }
                long count = calls.getAsLong();
                double rate = (count - sampleCalls) * 1e9 / (now - sampleAt);
                sampleCalls = count;
                sampleAt = now;
                if (rate < callsPerSecond) {
                    break;
                }
                yielded = true;
                if (now - lastRound >= atMostNanos) {
                    break;
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(SAMPLE_NANOS, lastRound + atMostNanos - now));
            }
        }
        return yielded;
    }
}
