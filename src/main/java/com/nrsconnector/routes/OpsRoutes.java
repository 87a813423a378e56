package com.nrsconnector.routes;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.dataformat.JsonLibrary;

/**
 * The operations API under /ops/**: the routes (list, reload) and the dead letters (list, inspect, replay, discard).
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

        answerJson(secured("ops-dead-letters", "/ops/dead-letters", "GET")
                .bean("opsDeadLetterApi", "list"));

        answerJson(secured("ops-dead-letter", "/ops/dead-letters/{id}", "GET,DELETE")
                .choice()
                    .when(header(Exchange.HTTP_METHOD).isEqualTo("DELETE"))
                        .bean("opsDeadLetterApi", "discard")
                    .otherwise()
                        .bean("opsDeadLetterApi", "show")
                .end());

        answerJson(secured("ops-dead-letter-replay", "/ops/dead-letters/{id}/replay", "POST")
                .bean("opsDeadLetterApi", "replay"));

        answerJson(secured("ops-dead-letters-replay", "/ops/dead-letters/replay", "POST")
                .bean("opsDeadLetterApi", "replayMatching"));
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
