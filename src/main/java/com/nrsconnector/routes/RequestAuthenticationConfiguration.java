package com.nrsconnector.routes;

import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * Who may call a route, checked before its first step, so that no edit of a route's steps can remove the check. A
 * route names one of these next to its error handling ({@code routeConfigurationId: http-api,hubspot-signed}); the
 * http-api handling answers a refusal (401 in the JSON error shape). {@link ProtectedRoutesCheck} refuses a route file
 * whose protected endpoints do not name theirs.
 * <ul>
 * <li>{@value #HUBSPOT_SIGNED}: requests HubSpot signs (workflow actions, the card, app lifecycle events): the body as
 * UTF-8 text, then the HubSpot signature.</li>
 * <li>{@value #OPS_AUTHENTICATED}: the operations API: the operator's HTTP Basic credentials.</li>
 * </ul>
 */
public class RequestAuthenticationConfiguration extends RouteConfigurationBuilder {

    public static final String HUBSPOT_SIGNED = "hubspot-signed";
    public static final String OPS_AUTHENTICATED = "ops-authenticated";

    @Override
    public void configuration() {
        routeConfiguration(HUBSPOT_SIGNED)
                .interceptFrom()
                .bean("requestBodies", "utf8")
                .bean("hubSpotRequestAuthenticator", "verify");

        routeConfiguration(OPS_AUTHENTICATED).interceptFrom().bean("opsAuthenticator", "verify");
    }
}
