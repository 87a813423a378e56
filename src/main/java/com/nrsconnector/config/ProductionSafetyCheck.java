package com.nrsconnector.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Outside sandbox mode, refuses to start with the published sandbox keys: they would protect nothing. */
@ApplicationScoped
public class ProductionSafetyCheck {

    static final String SANDBOX_KEY_MARKER = "sandbox-only";

    @Inject
    ConnectorConfig config;

    void onStart(@Observes StartupEvent event) {
        check(config);
    }

    static void check(ConnectorConfig config) {
        if (config.sandbox().enabled()) {
            return;
        }
        if (config.secrets().encryptionKey().contains(SANDBOX_KEY_MARKER)
                || config.secrets().signingKey().contains(SANDBOX_KEY_MARKER)) {
            throw new IllegalStateException("sandbox mode is off but the sandbox secrets are in use: set "
                    + "CONNECTOR_ENCRYPTION_KEY and CONNECTOR_SIGNING_KEY to your own long random values");
        }
        if (config.hubspot().apiBaseUrl().contains("/sandbox/") || config.nrs().apiBaseUrl().contains("/sandbox/")) {
            throw new IllegalStateException("sandbox mode is off but the HubSpot or 360nrs base URL points at the "
                    + "sandbox: set CONNECTOR_HUBSPOT_API_BASE_URL and CONNECTOR_NRS_API_BASE_URL");
        }
    }
}
