package com.nrsconnector.routes;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.hubspot.HubSpotCall;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
        long timeout = config.hubspot().requestTimeout().toMillis();
        // The component's own timeouts are 360nrs's; HubSpot calls carry theirs on the endpoint. The classic
        // Apache client speaks HTTP/1.1 only, so a plain-HTTP base URL (the sandbox) never sees an h2c upgrade.
        String options = "throwExceptionOnFailure=false&connectTimeout=" + timeout + "&connectionRequestTimeout="
                + timeout + "&responseTimeout=" + timeout + "&soTimeout=" + timeout;
        String baseUrl = config.hubspot().apiBaseUrl().replaceAll("/+$", "");

        from(HubSpotCall.API).routeId("hubspot-api")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .setProperty(HubSpotCall.PORTAL_ID, simple("${body.portalId()}"))
                .setProperty(HubSpotCall.METHOD, simple("${body.method()}"))
                .setProperty(HubSpotCall.PATH, simple("${body.path()}"))
                .setProperty(HubSpotCall.QUERY_SEPARATOR, simple("${body.querySeparator()}"))
                .setProperty(HubSpotCall.DESCRIPTION, simple("${body.describe()}"))
                .setProperty(HubSpotCall.REQUEST_JSON, method("hubspotResponses", "requestJson"))
                .setProperty(HubSpotCall.AUTHORIZATION,
                        method("hubspotTokens", "authorization(${exchangeProperty.hubspotPortalId}, false)"))
                .to(HubSpotCall.HTTP)
                .filter(header(Exchange.HTTP_RESPONSE_CODE).isEqualTo(401))
                    .setProperty(HubSpotCall.AUTHORIZATION,
                            method("hubspotTokens", "authorization(${exchangeProperty.hubspotPortalId}, true)"))
                    .to(HubSpotCall.HTTP)
                .end()
                .bean("hubspotResponses", "interpret");

        from(HubSpotCall.HTTP).routeId("hubspot-http")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                // A request slot of the portal, shared with every instance on the database, held until answered.
                .setProperty(HubSpotCall.RATE_SLOT,
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
                .doTry()
                    .toD(baseUrl + "${exchangeProperty.hubspotPath}${exchangeProperty.hubspotQuerySeparator}" + options)
                .doCatch(IOException.class)
                    .bean("hubspotResponses", "unreachable")
                .doFinally()
                    .bean("hubspotRateLimiter", "release")
                    .removeProperty(HubSpotCall.RATE_SLOT)
                .end()
                .removeHeader("Authorization")
                .convertBodyTo(String.class);

        from(HubSpotCall.TOKEN).routeId("hubspot-oauth-token")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .setProperty(HubSpotCall.DESCRIPTION, constant("POST /oauth/v1/token"))
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/x-www-form-urlencoded"))
                .setHeader("Accept", constant("application/json"))
                .doTry()
                    .to(baseUrl + "/oauth/v1/token?" + options)
                .doCatch(IOException.class)
                    .bean("hubspotResponses", "unreachable")
                .end()
                .convertBodyTo(String.class)
                .bean("hubspotResponses", "grant");

        // Which portal an access token belongs to (right after the code exchange, before the portal is known). The
        // token goes in the request URI header, never in an endpoint URI that Camel would cache or show.
        from(HubSpotCall.TOKEN_INFO).routeId("hubspot-oauth-token-info")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .setProperty(HubSpotCall.DESCRIPTION, constant("GET /oauth/v1/access-tokens/{token}"))
                .setProperty(HubSpotCall.PATH, method("hubspotResponses", "tokenInfoPath"))
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_METHOD, constant("GET"))
                .setHeader(Exchange.HTTP_URI, simple(baseUrl + "${exchangeProperty.hubspotPath}"))
                .setHeader("Accept", constant("application/json"))
                .setBody(constant(null))
                .doTry()
                    .to(baseUrl + "/oauth/v1/access-tokens" + options)
                .doCatch(IOException.class)
                    .bean("hubspotResponses", "unreachable")
                .end()
                .removeProperty(HubSpotCall.PATH)
                .removeHeader(Exchange.HTTP_URI)
                .convertBodyTo(String.class)
                .bean("hubspotResponses", "interpret");
    }
}
