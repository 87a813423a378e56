package com.nrsconnector.routes;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.dataformat.JsonLibrary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.store.GroupCommit;

/**
 * Error handling, once per kind of route, for Java and YAML routes alike (each route names its kind with
 * {@code routeConfigurationId}):
 * <ul>
 * <li>{@value #HTTP_API}: routes that answer an HTTP request, REST endpoints included (each takes the configuration of
 * the direct: route inlined into it). A refused request, or a body the REST binding cannot parse, gets its 4xx answer
 * in the JSON error shape; a write the connector refused while shutting down gets 503 (call again); anything
 * unexpected is stored as a dead letter and answered 500 at once. No redelivery: a worker thread never sleeps in a
 * retry loop, and the caller (HubSpot, 360nrs) retries on its own schedule.</li>
 * <li>{@value #BACKGROUND}: timer and queue routes. A few bounded redeliveries, then a dead letter; nothing answers.
 * The send pipeline keeps its own retries in the database, so no route step can reset them.</li>
 * <li>{@value #PROPAGATE_TO_CALLER}: steps called from a route that settles failures itself (the 360nrs request,
 * inside the send route's try/catch and circuit breaker): errors go back to the caller untouched.</li>
 * </ul>
 */
public class ErrorHandlingConfiguration extends RouteConfigurationBuilder {

    public static final String HTTP_API = "http-api";
    public static final String BACKGROUND = "background";
    public static final String PROPAGATE_TO_CALLER = "propagate-to-caller";

    @Override
    public void configuration() {
        RouteConfigurationDefinition http = routeConfiguration(HTTP_API);
        http.onException(RequestRejectedException.class)
                .handled(true)
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_RESPONSE_CODE, simple("${exchangeProperty.CamelExceptionCaught.status()}"))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setHeader("WWW-Authenticate", simple("${exchangeProperty.CamelExceptionCaught.challenge()}"))
                .setBody(method("errorResponses", "rejected"))
                .marshal()
                .json(JsonLibrary.Jackson);
        // A body the REST binding cannot parse is the caller's mistake, not a failure to keep as a dead letter.
        http.onException(JsonProcessingException.class)
                .handled(true)
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(400))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setBody(method("errorResponses", "unreadableJson"))
                .marshal()
                .json(JsonLibrary.Jackson);
        // A write refused because the connector is shutting down was not made: the caller calls again (HubSpot and
        // 360nrs both retry a 503), so nothing is lost and there is nothing for a dead letter to keep.
        http.onException(GroupCommit.ClosedException.class)
                .handled(true)
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(503))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setBody(method("errorResponses", "shuttingDown"))
                .marshal()
                .json(JsonLibrary.Jackson);
        http.onException(Exception.class)
                .maximumRedeliveries(0)
                .handled(true)
                .to("direct:dead-letter")
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(500))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setBody(method("errorResponses", "failed"))
                .marshal()
                .json(JsonLibrary.Jackson);

        routeConfiguration(BACKGROUND)
                .onException(Exception.class)
                .maximumRedeliveries("{{connector.errors.max-redeliveries}}")
                .redeliveryDelay("{{connector.errors.redelivery-delay-ms}}")
                .useExponentialBackOff()
                .handled(true)
                .to("direct:dead-letter");

        // The caller logs and settles the failure once; this route neither retries nor logs it.
        routeConfiguration(PROPAGATE_TO_CALLER).errorHandler(noErrorHandler());
    }
}
