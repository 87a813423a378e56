package com.nrsconnector.routes;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.dataformat.JsonLibrary;

/**
 * The operations API's routes endpoints (/ops/routes: list, reload). They stay in Java so that a reload of the YAML
 * routes never replaces the route serving the reload request; the dead-letter endpoints are in routes/ops-api.yaml.
 * Every route checks the operator's HTTP Basic credentials first; a refusal is a 401 in the JSON error shape with the
 * Basic challenge.
 */
public class OpsRoutes extends RouteBuilder {

    @Override
    public void configure() {
        answerJson(secured("ops-routes", "/ops/routes", "GET")
                .bean("opsRouteCatalog", "list"));

        answerJson(secured("ops-routes-reload", "/ops/routes/reload", "POST")
                .bean("opsRouteCatalog", "reload"));
    }

    private RouteDefinition secured(String routeId, String path, String methods) {
        return from("platform-http:" + path + "?httpMethodRestrict=" + methods).routeId(routeId)
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .bean("opsAuthenticator", "verify");
    }

    private void answerJson(ProcessorDefinition<?> route) {
        route.removeHeaders("*")
                .marshal().json(JsonLibrary.Jackson)
                .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(200))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"));
    }
}
