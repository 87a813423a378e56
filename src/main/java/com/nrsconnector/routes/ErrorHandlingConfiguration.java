package com.nrsconnector.routes;

import org.apache.camel.builder.RouteConfigurationBuilder;

import com.nrsconnector.api.RequestRejectedException;

/**
 * The one error-handling configuration of every route, Java and YAML alike (a nameless route configuration applies to
 * all routes). A refused request gets its 4xx answer; anything unexpected is retried a few times, then stored as a
 * dead letter and answered 500 so that HubSpot retries the call later.
 */
public class ErrorHandlingConfiguration extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration()
                .onException(RequestRejectedException.class)
                    .handled(true)
                    .bean("errorResponses", "rejected")
                .end()
                .onException(Exception.class)
                    .maximumRedeliveries("{{connector.errors.max-redeliveries}}")
                    .redeliveryDelay("{{connector.errors.redelivery-delay-ms}}")
                    .useExponentialBackOff()
                    .useOriginalMessage()
                    .handled(true)
                    .to("direct:dead-letter")
                    .bean("errorResponses", "failed")
                .end();
    }
}
