package com.nrsconnector.routes;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.ResourceHelper;

import com.nrsconnector.stats.Statistics;

/**
 * The statistics: the JSON API under /api/v1/stats (operators with HTTP Basic, or the portal's connection-page
 * session) and the page under /oauth/portal/stats, where the session cookie (path /oauth) reaches. The beans answer
 * the figures; these routes set the HTTP answer.
 */
public class StatisticsRoutes extends RouteBuilder {

    public StatisticsRoutes() {
        setResource(ResourceHelper.fromString("source:" + StatisticsRoutes.class.getName(), ""));
    }

    @Override
    public void configure() {
        rest("/api/v1/stats")
                .get("/campaigns")
                .to("direct:api-stats-campaigns")
                .get("/workflows")
                .to("direct:api-stats-workflows")
                .get("/contacts")
                .to("direct:api-stats-contacts");

        for (String grouping : new String[] {"campaigns", "workflows", "contacts"}) {
            from("direct:api-stats-" + grouping)
                    .routeId("api-stats-" + grouping)
                    .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                    .setProperty(Statistics.PORTAL, method("statistics", "authorize"))
                    // Credentials go no further: not into a log, not into a dead letter.
                    .removeHeader("Authorization")
                    .removeHeader("Cookie")
                    .bean("statistics", grouping)
                    .removeHeaders("*")
                    .setHeader("Cache-Control", constant("no-store"))
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/json"));
        }

        from("platform-http:/oauth/portal/stats?httpMethodRestrict=GET" + InstallRoutes.PAGE_OPTIONS)
                .routeId("oauth-statistics-page")
                .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                .bean("statistics", "page")
                .removeHeader("Cookie")
                .to(InstallRoutes.PAGE_ANSWER);
    }
}
