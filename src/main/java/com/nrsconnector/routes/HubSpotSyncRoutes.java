package com.nrsconnector.routes;

import org.apache.camel.builder.RouteBuilder;

import com.nrsconnector.config.ConnectorConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Carries what the database has recorded over to HubSpot: timeline events and workflow completions, in batches and
 * under the per-portal rate limit. Also applies delivery reports that were held for their predecessor.
 */
@ApplicationScoped
public class HubSpotSyncRoutes extends RouteBuilder {

    @Inject
    ConnectorConfig config;

    @Override
    public void configure() {
        from("timer:hubspot-sync?delay=1000&period=" + config.dispatcher().hubspotSyncInterval().toMillis())
                .routeId("hubspot-sync")
                .routeConfigurationId(ErrorHandlingConfiguration.BACKGROUND)
                .bean("providerEventInbox", "applyHeld")
                .bean("timelineEventWriter", "flush")
                .bean("workflowCompletionWriter", "flush");
    }
}
