package com.nrsconnector.flow;

import org.apache.camel.builder.RouteBuilder;

import com.nrsconnector.routes.ErrorHandlingConfiguration;
import com.nrsconnector.store.GroupCommit;

/**
 * REST endpoints for tests only: one that fails unexpectedly, one whose write is refused because the connector is
 * shutting down, one that answers the JSON body it was sent.
 */
public class RestProbeRoutes extends RouteBuilder {

    static final String FAILING_ROUTE = "rest-probe-failure";
    static final String SHUTTING_DOWN_ROUTE = "rest-probe-shutting-down";

    @Override
    public void configure() {
        rest("/test/rest-probe")
                .get("/failure")
                .to("direct:rest-probe-failure")
                .post("/shutting-down")
                .to("direct:rest-probe-shutting-down")
                .post("/echo")
                .to("direct:rest-probe-echo");

        from("direct:rest-probe-failure")
                .routeId(FAILING_ROUTE)
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .process(exchange -> {
                    throw new IllegalStateException("rest probe failed on purpose");
                });

        from("direct:rest-probe-shutting-down")
                .routeId(SHUTTING_DOWN_ROUTE)
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .process(exchange -> {
                    throw new GroupCommit.ClosedException("provider-events is shutting down");
                });

        from("direct:rest-probe-echo")
                .routeId("rest-probe-echo")
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .removeHeaders("*");
    }
}
