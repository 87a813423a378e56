package com.nrsconnector.routes;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;

/** The connector's public JSON API for people and forms scripting against it. */
public class MessageApiRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("platform-http:/api/v1/messages/analyze?httpMethodRestrict=POST").routeId("api-analyze-message")
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .bean("requestBodies", "utf8")
                .bean("messageAnalysisService", "analyze")
                .removeHeaders("*")
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .marshal().json(JsonLibrary.Jackson);

        // The cheapest public answer: a liveness probe for clients and the benchmark's baseline.
        from("platform-http:/api/v1/ping?httpMethodRestrict=GET").routeId("api-ping")
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .removeHeaders("*")
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setBody(constant(Map.of("status", "ok")))
                .marshal().json(JsonLibrary.Jackson);
    }
}
