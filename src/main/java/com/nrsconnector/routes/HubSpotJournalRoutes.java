package com.nrsconnector.routes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.hubspot.HubSpotHttpComponent;
import com.nrsconnector.hubspot.WebhooksJournal;

/**
 * Uninstalls as the new developer platform announces them: in HubSpot's webhooks journal, read by polling with the
 * app's client-credentials token. At start (and after any failed read) the APP_LIFECYCLE_EVENT subscription is
 * listed and created when missing; each tick reads the entries after the offset kept in the database and disconnects
 * each uninstalled portal the way the signed lifecycle webhook does. The offset advances after each entry took
 * effect, and one instance at a time reads (the cursor's claim). A failing or malformed answer ends the tick: it is
 * logged once and the next tick reads from the same offset. Every request line carries only the operation's own path
 * (the journal's 2026-03 paths): the HTTP component's own timeouts apply.
 */
@ApplicationScoped
public class HubSpotJournalRoutes extends RouteBuilder {

    static final String TOKEN = "direct:hubspot-journal-token";
    static final String SUBSCRIPTION = "direct:hubspot-journal-subscription";
    static final String PAGE = "direct:hubspot-journal-page";
    static final String ENTRY = "direct:hubspot-journal-entry";

    @Inject
    ConnectorConfig config;

    @Override
    public void configure() {
        // HubSpot's own HTTP component: its timeouts, and nothing of Camel's in the query string HubSpot receives.
        String apiUrl = config.hubspot().apiBaseUrl().replaceAll("/+$", "");
        String baseUrl = HubSpotHttpComponent.NAME + ":" + apiUrl;
        boolean enabled = config.hubspot().journalEnabled()
                && !config.hubspot().clientId().isBlank()
                && !config.hubspot().clientSecret().isBlank();

        from("timer:hubspot-journal?period="
                        + config.hubspot().journalPollInterval().toMillis())
                .routeId("hubspot-journal-poll")
                .routeConfigurationId(ErrorHandlingConfiguration.BACKGROUND)
                .autoStartup(enabled)
                .setProperty("journalClaim", method("journalCursor", "claim"))
                .filter(simple("${exchangeProperty.journalClaim.claimed()}"))
                .doTry()
                .to(PAGE)
                .bean("webhooksJournal", "succeeded")
                .doCatch(Exception.class)
                .bean("webhooksJournal", "failed(${exception})")
                .doFinally()
                .bean("journalCursor", "release")
                .end()
                .end();

        // The page after the offset read to, entry by entry in journal order; the first that fails ends it there.
        from(PAGE)
                .routeId("hubspot-journal-page")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .filter(method("webhooksJournal", "subscribed").isEqualTo(false))
                .to(SUBSCRIPTION)
                .end()
                .to(TOKEN)
                .setProperty("journalAuthorization", header("hubspotJournalAuthorization"))
                .setProperty("journalPath", method("webhooksJournal", "pagePath(${exchangeProperty.journalClaim})"))
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_METHOD, constant("GET"))
                .setHeader(Exchange.HTTP_URI, simple(apiUrl + "${exchangeProperty.journalPath}"))
                .setHeader("Accept", constant("application/json"))
                .setHeader("Authorization", exchangeProperty("journalAuthorization"))
                .setBody(constant(null))
                .to(baseUrl + WebhooksJournal.JOURNAL_PATH)
                .convertBodyTo(String.class)
                .removeProperty("journalAuthorization")
                .split(method("webhooksJournal", "entries(${body}, ${exchangeProperty.journalClaim.offset()})"))
                .stopOnException()
                .to(ENTRY)
                .end();

        // One entry: its events (the lifecycle webhook's shape) take effect, then the offset moves past it. The URL
        // HubSpot hands out for the entry is read as given, without the app's token.
        from(ENTRY)
                .routeId("hubspot-journal-entry")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .setProperty("journalEntry", body())
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_METHOD, constant("GET"))
                .setHeader(Exchange.HTTP_URI, simple("${exchangeProperty.journalEntry.url()}"))
                .setHeader("Accept", constant("application/json"))
                .setBody(constant(null))
                .to(baseUrl + WebhooksJournal.JOURNAL_PATH)
                .convertBodyTo(String.class)
                .bean("appLifecycleEvents", "handle")
                .filter(method(
                                "journalCursor",
                                "advance(${exchangeProperty.journalEntry.previous()}, "
                                        + "${exchangeProperty.journalEntry.offset()})")
                        .isEqualTo(false))
                .throwException(IllegalStateException.class, "the journal cursor moved on another instance")
                .end();

        from(TOKEN)
                .routeId("hubspot-journal-token")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .setHeader("hubspotJournalAuthorization", method("webhooksJournal", "cachedAuthorization"))
                .filter(header("hubspotJournalAuthorization").isNull())
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/x-www-form-urlencoded"))
                .setHeader("Accept", constant("application/json"))
                .setBody(method("webhooksJournal", "tokenRequest"))
                .to(baseUrl + "/oauth/v3/token")
                .convertBodyTo(String.class)
                .setHeader("hubspotJournalAuthorization", method("webhooksJournal", "grantedAuthorization"))
                .end();

        from(SUBSCRIPTION)
                .routeId("hubspot-journal-subscription")
                .routeConfigurationId(ErrorHandlingConfiguration.PROPAGATE_TO_CALLER)
                .to(TOKEN)
                .setProperty("journalAuthorization", header("hubspotJournalAuthorization"))
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_METHOD, constant("GET"))
                .setHeader("Accept", constant("application/json"))
                .setHeader("Authorization", exchangeProperty("journalAuthorization"))
                .setBody(constant(null))
                .to(baseUrl + WebhooksJournal.SUBSCRIPTIONS_PATH)
                .convertBodyTo(String.class)
                .filter(method("webhooksJournal", "lifecycleSubscriptionListed").isEqualTo(false))
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setHeader("Accept", constant("application/json"))
                .setHeader("Authorization", exchangeProperty("journalAuthorization"))
                .setBody(method("webhooksJournal", "subscriptionRequest"))
                .to(baseUrl + WebhooksJournal.SUBSCRIPTIONS_PATH)
                .convertBodyTo(String.class)
                .bean("webhooksJournal", "subscriptionCreated")
                .end()
                .removeProperty("journalAuthorization");
    }
}
