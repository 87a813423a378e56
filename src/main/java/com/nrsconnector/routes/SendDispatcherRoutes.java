package com.nrsconnector.routes;

import org.apache.camel.builder.RouteBuilder;

import com.nrsconnector.config.ConnectorConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Drains the send queue: claim due sends, prepare them (contact data, composition), then call 360nrs one by one through
 * a per-account throttle and a circuit breaker. The request itself is shaped in routes/nrs-sms-request.yaml.
 */
@ApplicationScoped
public class SendDispatcherRoutes extends RouteBuilder {

    @Inject
    ConnectorConfig config;

    @Override
    public void configure() {
        ConnectorConfig.Dispatcher dispatcher = config.dispatcher();

        from("timer:send-dispatcher?delay=1000&period=" + dispatcher.pollInterval().toMillis())
                .routeId("send-dispatcher")
                .bean("sendQueue", "claimDue")
                .filter(simple("${body.size()} > 0"))
                    .bean("smsBatchPreparer", "prepare")
                    .split(body())
                        .to("direct:send-sms")
                    .end()
                .end();

        from("direct:send-sms").routeId("send-sms")
                .bean("nrsSmsRequestFactory", "describe")
                .throttle(constant(config.nrs().sendRatePerSecond())).timePeriodMillis(1000)
                    .correlationExpression(exchangeProperty("nrsAccount"))
                .doTry()
                    .bean("sendQueue", "markInFlight(${exchangeProperty.messageId})")
                    .circuitBreaker()
                        .to("direct:nrs-sms-request")
                        .bean("nrsSmsResponseInterpreter", "interpret")
                    .end()
                    .bean("smsSendOutcome", "recordResult")
                .endDoTry()
                .doCatch(Exception.class)
                    .bean("smsSendOutcome", "recordFailure")
                .end();
    }
}
