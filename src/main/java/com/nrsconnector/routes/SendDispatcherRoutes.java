package com.nrsconnector.routes;

import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.nrs.NrsCircuitBreaker;
import com.nrsconnector.nrs.SmsSendOutcome;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Drains the send queue: quarantine what ran out of attempts, claim due sends, prepare them (contact data,
 * composition), then hand each to the sending route, where several sends run at once (a slow or hanging 360nrs request
 * holds only itself) through a per-account throttle and a circuit breaker. The request itself is shaped in
 * routes/nrs-sms-request.yaml.
 */
@ApplicationScoped
public class SendDispatcherRoutes extends RouteBuilder {


    @Inject
    ConnectorConfig config;

    @Override
    public void configure() {
        ConnectorConfig.Dispatcher dispatcher = config.dispatcher();
        int inFlight = config.nrs().maxInFlight();
        // One URI for both ends: the producer must see blockWhenFull too, or a full queue fails the whole batch.
        String sends = "seda:nrs-send?concurrentConsumers=" + inFlight + "&size=" + inFlight + "&blockWhenFull=true";

        from("timer:send-dispatcher?delay=1000&period=" + dispatcher.pollInterval().toMillis())
                .routeId("send-dispatcher")
                .routeConfigurationId(ErrorHandlingConfiguration.BACKGROUND)
                .bean("smsSendOutcome", "quarantineAbandoned")
                .bean("sendQueue", "claimDue")
                .filter(simple("${body.size()} > 0"))
                    .bean("smsBatchPreparer", "prepare")
                    .split(body())
                        // Blocks while every sender is busy and the hand-over queue is full: claims wait with it.
                        .to(sends)
                    .end()
                .end();

        from(sends)
                .routeId("send-sms")
                .routeConfigurationId(ErrorHandlingConfiguration.BACKGROUND)
                .bean("nrsSmsRequestFactory", "describe")
                .throttle(constant(config.nrs().sendRatePerSecond())).timePeriodMillis(1000)
                    .correlationExpression(exchangeProperty("nrsAccount"))
                .doTry()
                    .bean("sendQueue", "markInFlight(${exchangeProperty.messageId})")
                    .filter(body().isEqualTo(false))
                        // Its lease ran out and it was taken over (or is already in flight): it is not ours to send.
                        .log(LoggingLevel.WARN, "message ${exchangeProperty.messageId} is no longer held here; not sent")
                        .stop()
                    .end()
                    .setProperty(SmsSendOutcome.REQUEST_STARTED, constant(true))
                    .circuitBreaker()
                        .resilience4jConfiguration().circuitBreaker(NrsCircuitBreaker.NAME).end()
                        .bean("nrsSmsRequestFactory", "request")
                        .to("direct:nrs-sms-request")
                        .bean("nrsSmsResponseInterpreter", "interpret")
                    .end()
                    .choice()
                        // An open breaker makes no call and raises nothing: the send waits, attempt not counted.
                        .when(exchangeProperty(ExchangePropertyKey.CIRCUIT_BREAKER_RESPONSE_SHORT_CIRCUITED.getName()).isEqualTo(true))
                            .bean("smsSendOutcome", "breakerOpen")
                        .otherwise()
                            .bean("smsSendOutcome", "recordResult")
                    .end()
                .endDoTry()
                .doCatch(Exception.class)
                    .bean("smsSendOutcome", "recordFailure")
                .end();
    }
}
