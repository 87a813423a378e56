package com.nrsconnector.routes;

import org.apache.camel.builder.RouteBuilder;

/** Where the error handler puts exchanges that exhausted their retries. */
public class DeadLetterRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:dead-letter").routeId("dead-letter")
                .bean("deadLetterStore", "store");
    }
}
