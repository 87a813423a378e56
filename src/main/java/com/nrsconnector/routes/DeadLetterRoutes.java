package com.nrsconnector.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** Where the error handlers put exchanges that exhausted their retries. */
public class DeadLetterRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // A dead letter that cannot be stored (database down) is logged; it must not turn the caller's answer or its
        // settlement into another failure.
        from("direct:dead-letter").routeId("dead-letter")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .doTry()
                    .bean("deadLetterStore", "store")
                .doCatch(Exception.class)
                    .log(LoggingLevel.ERROR, "dead letter could not be stored: ${exchangeProperty.CamelExceptionCaught}")
                .end();
    }
}
