package com.nrsconnector.routes;

import java.io.IOException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;

import com.nrsconnector.api.PagePolicy;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.install.NrsAccountCheck;

/**
 * Connecting and disconnecting a portal: the OAuth install and callback, the connection page and its forms (link the
 * 360nrs account, the unsubscribe page's text and logo, disconnect), HubSpot's app lifecycle events (uninstall), the
 * 360nrs account check, and the timer that refreshes HubSpot tokens before they expire. The beans answer what to
 * send; these routes set the HTTP status and headers from it.
 */
@ApplicationScoped
public class InstallRoutes extends RouteBuilder {

    static final String PAGE_ANSWER = "direct:oauth-page-answer";
    /** Camel's default header filter drops Cache-Control; the pages' own filter lets it through. */
    static final String PAGE_OPTIONS = "&headerFilterStrategy=#pageHeaderFilter";

    @Inject
    ConnectorConfig config;

    @Override
    public void configure() {
        from("platform-http:/oauth/install?httpMethodRestrict=GET" + PAGE_OPTIONS)
                .routeId("oauth-install")
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .bean("connectionPages", "install")
                .to(PAGE_ANSWER);

        from("platform-http:/oauth/callback?httpMethodRestrict=GET" + PAGE_OPTIONS)
                .routeId("oauth-callback")
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .bean("connectionPages", "callback")
                .to(PAGE_ANSWER);

        from("platform-http:/oauth/portal?httpMethodRestrict=GET" + PAGE_OPTIONS)
                .routeId("oauth-connection-page")
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .bean("connectionPages", "connection")
                .to(PAGE_ANSWER);

        // A form body arrives as a map of its fields (platform-http decodes it); any other body cannot be one of
        // these forms and is refused like a form without its CSRF token.
        from("platform-http:/oauth/portal/account?httpMethodRestrict=POST" + PAGE_OPTIONS)
                .routeId("oauth-link-account")
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .choice()
                .when(body().isInstanceOf(Map.class))
                .bean("connectionPages", "linkAccount")
                .otherwise()
                .bean("connectionPages", "unreadableForm")
                .end()
                .to(PAGE_ANSWER);

        from("platform-http:/oauth/portal/unsubscribe-page?httpMethodRestrict=POST" + PAGE_OPTIONS)
                .routeId("oauth-unsubscribe-page")
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .choice()
                .when(body().isInstanceOf(Map.class))
                .bean("connectionPages", "saveUnsubscribePage")
                .otherwise()
                .bean("connectionPages", "unreadableForm")
                .end()
                .to(PAGE_ANSWER);

        from("platform-http:/oauth/portal/disconnect?httpMethodRestrict=POST" + PAGE_OPTIONS)
                .routeId("oauth-disconnect")
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .choice()
                .when(body().isInstanceOf(Map.class))
                .bean("connectionPages", "disconnect")
                .otherwise()
                .bean("connectionPages", "unreadableForm")
                .end()
                .to(PAGE_ANSWER);

        // The HTTP answer of every page above, from the bean's PageAnswer.
        from(PAGE_ANSWER)
                .routeId("oauth-page-answer")
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_RESPONSE_CODE, simple("${body.status()}"))
                .setHeader(Exchange.CONTENT_TYPE, constant("text/html; charset=UTF-8"))
                .setHeader("Cache-Control", constant("no-store"))
                .setHeader("Referrer-Policy", constant("no-referrer"))
                .setHeader("X-Content-Type-Options", constant("nosniff"))
                .setHeader("Content-Security-Policy", constant(PagePolicy.SCRIPTLESS.contentSecurityPolicy()))
                .filter(simple("${body.location()} != null"))
                .setHeader("Location", simple("${body.location()}"))
                .end()
                .filter(simple("${body.setCookie()} != null"))
                .setHeader("Set-Cookie", simple("${body.setCookie()}"))
                .end()
                .setBody(simple("${body.html()}"));

        // HubSpot's app lifecycle events (uninstall), signed like every HubSpot request.
        from("platform-http:/hubspot/webhooks/app-lifecycle?httpMethodRestrict=POST")
                .routeId("hubspot-app-lifecycle")
                .routeConfigurationId(
                        ErrorHandlingConfiguration.HTTP_API + "," + RequestAuthenticationConfiguration.HUBSPOT_SIGNED)
                .bean("appLifecycleEvents", "handle")
                .removeHeaders("*")
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .marshal()
                .json(JsonLibrary.Jackson);

        // 360nrs's GET /account with the credentials to check: the answer's status says whether they open the account.
        String nrsOptions = "?throwExceptionOnFailure=false";
        from(NrsAccountCheck.ENDPOINT)
                .routeId("nrs-account-check")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_METHOD, constant("GET"))
                .setHeader("Accept", constant("application/json"))
                .setHeader("Authorization", exchangeProperty(NrsAccountCheck.AUTHORIZATION))
                .removeProperty(NrsAccountCheck.AUTHORIZATION)
                .setBody(constant(null))
                .doTry()
                .to(config.nrs().apiBaseUrl().replaceAll("/+$", "") + "/account" + nrsOptions)
                .doCatch(IOException.class)
                .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(0))
                .end()
                .removeHeader("Authorization")
                .setBody(constant(null));

        // Tokens that expire soon are refreshed before their next use (and an uninstall shows as invalid_grant).
        from("timer:hubspot-token-refresh?delay=10000&period={{connector.hubspot.token-refresh-interval}}")
                .routeId("hubspot-token-refresh")
                .routeConfigurationId(ErrorHandlingConfiguration.BACKGROUND)
                .bean("hubspotTokens", "refreshExpiring");
    }
}
