package com.nrsconnector.routes;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.ResourceHelper;

/**
 * The operations API's routes endpoints (/ops/routes: list, reload). They stay in Java so that a reload of the YAML
 * routes never replaces the route serving the reload request; the dead-letter endpoints are in routes/ops-api.yaml.
 * Each REST endpoint is inlined with the direct: route it calls, whose id and route configuration it takes. Every
 * route checks the operator's HTTP Basic credentials first (the ops-authenticated route configuration); a refusal is a
 * 401 in the JSON error shape with the Basic challenge.
 */
public class OpsRoutes extends RouteBuilder {

    public OpsRoutes() {
        // Names this class as the source of its routes in GET /ops/routes (a REST route has no other).
        setResource(ResourceHelper.fromString("source:" + OpsRoutes.class.getName(), ""));
    }

    @Override
    public void configure() {
        rest("/ops/routes").get().to("direct:ops-routes").post("/reload").to("direct:ops-routes-reload");

        secured("ops-routes").bean("opsRouteCatalog", "list").removeHeaders("*");
        secured("ops-routes-reload").bean("opsRouteCatalog", "reload").removeHeaders("*");

        // Per 360nrs account: its circuit breaker, its send rate and its sends in flight.
        rest("/ops/senders").get().to("direct:ops-senders");
        secured("ops-senders").bean("sendGate", "status").removeHeaders("*");
    }

    private RouteDefinition secured(String routeId) {
        return from("direct:" + routeId)
                .routeId(routeId)
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API + ","
                        + RequestAuthenticationConfiguration.OPS_AUTHENTICATED);
    }
}
