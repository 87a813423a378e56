package com.nrsconnector.routes;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.hubspot.HubSpotCall;
import com.nrsconnector.hubspot.HubSpotHttpComponent;

/**
 * Every call to HubSpot goes through these routes: the portal's OAuth token (refreshed through the token route when
 * it is about to expire), the per-portal rate limit (shared by the instances through the database), the HTTP exchange, and the step that turns the status into a
 * result or a HubSpotApiException. A 401 is retried once with a freshly refreshed token. Failures go back to the
 * caller (the outboxes and the send pipeline settle them), so these routes neither retry nor log on their own.
 */
@ApplicationScoped
public class HubSpotApiRoutes extends RouteBuilder {

    @Inject
    ConnectorConfig config;

    @Override
    public void configure() {
        // HubSpot's own client (its timeouts are on the component, so the request line carries only what the
        // operation declares). The classic Apache client speaks HTTP/1.1 only, so a plain-HTTP base URL (the
        // sandbox) never sees an h2c upgrade.
        String options = "throwExceptionOnFailure=false";
        String baseUrl =
                HubSpotHttpComponent.NAME + ":" + config.hubspot().apiBaseUrl().replaceAll("/+$", "");

        from(HubSpotCall.API)
                .routeId("hubspot-api")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .setProperty(HubSpotCall.PORTAL_ID, simple("${body.portalId()}"))
                .setProperty(HubSpotCall.METHOD, simple("${body.method()}"))
                .setProperty(HubSpotCall.PATH, simple("${body.path()}"))
                .setProperty(HubSpotCall.RESOURCE, simple("${body.resource()}"))
                .setProperty(HubSpotCall.QUERY, simple("${body.query()}"))
                .setProperty(HubSpotCall.DESCRIPTION, simple("${body.describe()}"))
                .setProperty(HubSpotCall.REQUEST_JSON, method("hubspotResponses", "requestJson"))
                .setProperty(
                        HubSpotCall.AUTHORIZATION,
                        method("hubspotTokens", "authorization(${exchangeProperty.hubspotPortalId}, false)"))
                .to(HubSpotCall.HTTP)
                .filter(header(Exchange.HTTP_RESPONSE_CODE).isEqualTo(401))
                .setProperty(
                        HubSpotCall.AUTHORIZATION,
                        method("hubspotTokens", "authorization(${exchangeProperty.hubspotPortalId}, true)"))
                .to(HubSpotCall.HTTP)
                .end()
                .bean("hubspotResponses", "interpret");

        from(HubSpotCall.HTTP)
                .routeId("hubspot-http")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                // A request slot of the portal, shared with every instance on the database, held until answered.
                .setProperty(
                        HubSpotCall.RATE_SLOT,
                        method("hubspotRateLimiter", "acquire(${exchangeProperty.hubspotPortalId})"))
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_METHOD, exchangeProperty(HubSpotCall.METHOD))
                .setHeader("Accept", constant("application/json"))
                .setHeader("Authorization", exchangeProperty(HubSpotCall.AUTHORIZATION))
                .choice()
                .when(exchangeProperty(HubSpotCall.REQUEST_JSON).isNotNull())
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setBody(exchangeProperty(HubSpotCall.REQUEST_JSON))
                .otherwise()
                .setBody(constant(null))
                .end()
                // One endpoint for every call: the path and query travel in headers, so no dynamic endpoint is made
                // per contact or callback id, and the query holds only what the operation declares.
                .setHeader(Exchange.HTTP_PATH, exchangeProperty(HubSpotCall.RESOURCE))
                .setHeader(Exchange.HTTP_QUERY, exchangeProperty(HubSpotCall.QUERY))
                .doTry()
                .to(baseUrl + "?" + options)
                .doCatch(IOException.class)
                .bean("hubspotResponses", "unreachable")
                .doFinally()
                .bean("hubspotRateLimiter", "release")
                .removeProperty(HubSpotCall.RATE_SLOT)
                .end()
                .removeHeader("Authorization")
                .convertBodyTo(String.class);

        from(HubSpotCall.TOKEN)
                .routeId("hubspot-oauth-token")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .setProperty(HubSpotCall.DESCRIPTION, constant("POST /oauth/v3/token"))
                .setProperty(HubSpotCall.PATH, constant("/oauth/v3/token"))
                .to(HubSpotCall.OAUTH_FORM)
                .bean("hubspotResponses", "grant");

        // Which portal an access token belongs to, and with which scopes (right after the code exchange). The token
        // goes in the form body, never in an endpoint URI that Camel would cache or show.
        from(HubSpotCall.TOKEN_INTROSPECT)
                .routeId("hubspot-oauth-token-introspect")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .setProperty(HubSpotCall.DESCRIPTION, constant("POST /oauth/v3/token/introspect"))
                .setProperty(HubSpotCall.PATH, constant("/oauth/v3/token/introspect"))
                .to(HubSpotCall.OAUTH_FORM)
                .bean("hubspotResponses", "interpret");

        // A portal disconnected from the connection page gives its refresh token back, so it stops working at once.
        from(HubSpotCall.TOKEN_REVOKE)
                .routeId("hubspot-oauth-token-revoke")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .setProperty(HubSpotCall.DESCRIPTION, constant("POST /oauth/v3/token/revoke"))
                .setProperty(HubSpotCall.PATH, constant("/oauth/v3/token/revoke"))
                .to(HubSpotCall.OAUTH_FORM)
                .bean("hubspotResponses", "revoked");

        // One form post to one of HubSpot's OAuth v3 endpoints (the path property).
        from(HubSpotCall.OAUTH_FORM)
                .routeId("hubspot-oauth-form")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/x-www-form-urlencoded"))
                .setHeader("Accept", constant("application/json"))
                .setHeader(Exchange.HTTP_PATH, exchangeProperty(HubSpotCall.PATH))
                .doTry()
                .to(baseUrl + "?" + options)
                .doCatch(IOException.class)
                .bean("hubspotResponses", "unreachable")
                .end()
                .convertBodyTo(String.class);
    }
}
