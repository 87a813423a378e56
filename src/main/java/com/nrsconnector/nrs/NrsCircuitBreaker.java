package com.nrsconnector.nrs;

import com.nrsconnector.config.ConnectorConfig;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;

/**
 * The resilience4j circuit breaker the send route wraps 360nrs calls in, built from connector.nrs.breaker.*. It is a
 * named bean so that operations (and tests) can see and force its state.
 */
@ApplicationScoped
public class NrsCircuitBreaker {

    public static final String NAME = "nrsCircuitBreaker";

    @Produces
    @ApplicationScoped
    @Named(NAME)
    CircuitBreaker circuitBreaker(ConnectorConfig config) {
        ConnectorConfig.Breaker breaker = config.nrs().breaker();
        return CircuitBreaker.of("360nrs", CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                .waitDurationInOpenState(breaker.waitInOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
    }
}
