package com.nrsconnector.hubspot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.component.http.HttpComponent;

import com.nrsconnector.config.ConnectorConfig;

/**
 * The HTTP client of every HubSpot call, OAuth included: a camel-http component of its own, so HubSpot's timeouts
 * ({@code connector.hubspot.request-timeout}) apply to it while the default {@code http} component keeps 360nrs's.
 * Timeouts set on an endpoint URI would not be applied and would travel to HubSpot in the query string.
 */
@ApplicationScoped
public class HubSpotHttpComponent {

    /** The component's name in endpoint URIs: {@code hubspotHttp:https://api.hubapi.com/...}. */
    public static final String NAME = "hubspotHttp";

    @Produces
    @Singleton
    @Named(NAME)
    HttpComponent hubspotHttp(ConnectorConfig config) {
        long timeout = config.hubspot().requestTimeout().toMillis();
        HttpComponent http = new HttpComponent();
        http.setConnectTimeout(timeout);
        http.setConnectionRequestTimeout(timeout);
        http.setResponseTimeout(timeout);
        http.setSoTimeout(timeout);
        // As for 360nrs: a call that may have reached HubSpot is repeated only by the outboxes, counted and visible.
        http.setAutomaticRetriesDisabled(true);
        return http;
    }
}
