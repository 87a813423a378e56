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
        // Three routes, so that trouble in one outbox never holds the other two back.
        String every = "?delay=1000&period=" + config.dispatcher().hubspotSyncInterval().toMillis();
        from("timer:held-provider-events" + every).routeId("held-provider-events")
                .routeConfigurationId(ErrorHandlingConfiguration.BACKGROUND)
                .bean("providerEventInbox", "applyHeld");
        from("timer:timeline-writer" + every).routeId("timeline-writer")
                .routeConfigurationId(ErrorHandlingConfiguration.BACKGROUND)
                .bean("timelineEventWriter", "flush");
        from("timer:workflow-completions" + every).routeId("workflow-completions")
                .routeConfigurationId(ErrorHandlingConfiguration.BACKGROUND)
                .bean("workflowCompletionWriter", "flush");
    }
}
