package com.nrsconnector.routes;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;

import com.nrsconnector.api.RequestRejectedException;

/**
 * The one error-handling configuration of every route, Java and YAML alike (a nameless route configuration applies to
 * all routes without one of their own). A refused request gets its 4xx answer; anything unexpected is retried a few times, then stored as a
 * dead letter and answered 500 so that HubSpot retries the call later.
 */
public class ErrorHandlingConfiguration extends RouteConfigurationBuilder {

    /** Route configuration id for routes whose failures their caller handles. */
    public static final String PROPAGATE_TO_CALLER = "propagate-to-caller";

    @Override
    public void configuration() {
        RouteConfigurationDefinition all = routeConfiguration();
        all.onException(RequestRejectedException.class)
                .handled(true)
                .bean("errorResponses", "rejected");
        all.onException(Exception.class)
                .maximumRedeliveries("{{connector.errors.max-redeliveries}}")
                .redeliveryDelay("{{connector.errors.redelivery-delay-ms}}")
                .useExponentialBackOff()
                .useOriginalMessage()
                .handled(true)
                .to("direct:dead-letter")
                .bean("errorResponses", "failed");

        // Steps called from a caller that settles failures itself (the 360nrs request, inside the send route's
        // try/catch and circuit breaker): errors go back to the caller untouched.
        routeConfiguration(PROPAGATE_TO_CALLER)
                .errorHandler(defaultErrorHandler().maximumRedeliveries(0).logExhausted(false).logStackTrace(false));
    }
}
