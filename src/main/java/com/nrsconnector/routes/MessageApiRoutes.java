package com.nrsconnector.routes;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.support.ResourceHelper;

/**
 * The connector's public JSON API for people and forms scripting against it. Each REST endpoint is inlined with the
 * direct: route it calls, whose id and route configuration it takes.
 */
public class MessageApiRoutes extends RouteBuilder {

    public MessageApiRoutes() {
        // Names this class as the source of its routes in GET /ops/routes (a REST route has no other).
        setResource(ResourceHelper.fromString("source:" + MessageApiRoutes.class.getName(), ""));
    }

    @Override
    public void configure() {
        rest("/api/v1")
                // Not bound: the body must be read as strict UTF-8 whatever charset the request declares, and the
                // analysis names the field that is wrong; the binding would decode leniently and parse before that.
                .post("/messages/analyze")
                .bindingMode(RestBindingMode.off)
                .to("direct:api-analyze-message")
                .get("/ping")
                .to("direct:api-ping");

        from("direct:api-analyze-message")
                .routeId("api-analyze-message")
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .bean("requestBodies", "utf8")
                .bean("messageAnalysisService", "analyze")
                .removeHeaders("*")
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .marshal()
                .json(JsonLibrary.Jackson);

        // The cheapest public answer: a liveness probe for clients and the benchmark's baseline.
        from("direct:api-ping")
                .routeId("api-ping")
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .removeHeaders("*")
                .setBody(constant(Map.of("status", "ok")));
    }
}
