package com.nrsconnector.send;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.nrs.NrsSmsRequestFactory;
import com.nrsconnector.nrs.TransientProviderException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One resilience4j circuit breaker per 360nrs account, built from connector.nrs.breaker.*: one account's outage opens
 * only its own breaker, and the other accounts' sends go on. The send route asks for permission right before the
 * request ({@link #permit}) and reports how the call went ({@link #succeeded}, {@link #failed}); the dispatcher's gate
 * keeps the sends of an account whose breaker is open in the queue until it half-opens ({@link #waitFor}). A named
 * bean, so that operations (and tests) can see and force each account's state ({@link #states}, {@link #forAccount}).
 */
@ApplicationScoped
@Named(NrsCircuitBreaker.NAME)
@RegisterForReflection
public class NrsCircuitBreaker {

    public static final String NAME = "nrsCircuitBreaker";
    /** Exchange property: when (System.nanoTime()) the permission for this send's call was given, while unreported. */
    static final String PERMIT = "nrsBreakerPermit";

    private final CircuitBreakerRegistry registry;
    private final Duration waitInOpenState;
    /** When each account's breaker last opened (automatically or forced). */
    private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();

    @Inject
    public NrsCircuitBreaker(ConnectorConfig config) {
        this(config.nrs().breaker());
    }

    NrsCircuitBreaker(ConnectorConfig.Breaker breaker) {
        this.waitInOpenState = breaker.waitInOpenState();
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                .waitDurationInOpenState(breaker.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        registry.getEventPublisher()
                .onEntryAdded(added -> added.getAddedEntry().getEventPublisher().onStateTransition(event -> {
                    CircuitBreaker.State to = event.getStateTransition().getToState();
                    if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
                        openedAt.put(event.getCircuitBreakerName(), Instant.now());
                    }
                }));
    }

    /** The account's breaker (created closed on first use). */
    public CircuitBreaker forAccount(String account) {
        return registry.circuitBreaker(account == null ? "" : account);
    }

    /** Every account's breaker state by account, for operations. */
    public Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        registry.getAllCircuitBreakers()
                .forEach(b -> states.put(b.getName(), b.getState().name()));
        return states;
    }

    /**
     * How long the account's sends must still wait before its breaker lets a call through: empty when it lets calls
     * through now (closed, half-open), the rest of the open period when open (at least a moment), the whole period
     * when forced open.
     */
    public Optional<Duration> waitFor(String account) {
        CircuitBreaker breaker = forAccount(account);
        switch (breaker.getState()) {
            case OPEN -> {
                Instant since = openedAt.getOrDefault(breaker.getName(), Instant.now());
                Duration left = Duration.between(Instant.now(), since.plus(waitInOpenState));
                return Optional.of(left.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : left);
            }
            case FORCED_OPEN -> {
                return Optional.of(waitInOpenState);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /**
     * Route step right before the request: whether the send's account lets a call through now. The permission is
     * given back when the exchange ends without a reported outcome (the send was not made after all).
     */
    public boolean permit(Exchange exchange) {
        CircuitBreaker breaker = forAccount(exchange.getProperty("nrsAccount", String.class));
        if (!breaker.tryAcquirePermission()) {
            return false;
        }
        exchange.setProperty(PERMIT, System.nanoTime());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (done.removeProperty(PERMIT) != null) {
                    breaker.releasePermission();
                }
            }
        });
        return true;
    }

    /** Route step after 360nrs answered (whatever it answered for the recipient): a successful call. */
    public void succeeded(Exchange exchange) {
        Long since = (Long) exchange.removeProperty(PERMIT);
        if (since != null) {
            forAccount(exchange.getProperty("nrsAccount", String.class))
                    .onSuccess(System.nanoTime() - since, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Route step when the send failed: the call counts as failed only when 360nrs is in trouble (5xx, 429, an answer
     * without results, no connection, no answer in time); a failure of the connector's own steps gives the permission
     * back without counting.
     */
    public void failed(Exchange exchange) {
        Long since = (Long) exchange.removeProperty(PERMIT);
        if (since == null) {
            return;
        }
        CircuitBreaker breaker = forAccount(exchange.getProperty("nrsAccount", String.class));
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        boolean called = exchange.getProperty(NrsSmsRequestFactory.REQUEST_STARTED, false, Boolean.class);
        if (called && providerTrouble(error)) {
            breaker.onError(System.nanoTime() - since, TimeUnit.NANOSECONDS, error);
        } else {
            breaker.releasePermission();
        }
    }

    /** True when the failure says 360nrs (or the way to it) is in trouble, not one message or the connector. */
    static boolean providerTrouble(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientProviderException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
