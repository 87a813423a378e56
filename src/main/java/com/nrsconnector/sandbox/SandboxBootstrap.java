package com.nrsconnector.sandbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.store.PortalStore;

import io.quarkus.runtime.StartupEvent;

/** In sandbox mode, links the demo portal to the sandbox 360nrs account so a first send works with no set-up. */
@ApplicationScoped
public class SandboxBootstrap {

    private static final Logger LOG = Logger.getLogger(SandboxBootstrap.class);

    @Inject
    ConnectorConfig config;

    @Inject
    PortalStore portals;

    void onStart(@Observes StartupEvent event) {
        if (!config.sandbox().enabled()) {
            return;
        }
        long portalId = config.sandbox().demoPortalId();
        portals.createIfAbsent(
                portalId,
                HubSpotSandbox.DEMO_REFRESH_TOKEN,
                NrsSandbox.USERNAME,
                NrsSandbox.API_PASSWORD,
                "Europe/Madrid");
        LOG.infof(
                "sandbox mode: HubSpot and 360nrs stand-ins under %s/sandbox, demo portal %d",
                config.publicBaseUrl(), portalId);
    }
}
