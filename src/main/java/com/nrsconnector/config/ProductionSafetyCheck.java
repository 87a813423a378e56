package com.nrsconnector.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.quarkus.main.events.BeforeConfigure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Outside sandbox mode, refuses to start with any published sandbox credential, a short key or a sandbox URL: they
 * would protect nothing, or fail every send. Runs before Camel configures its routes, so nothing is served or sent.
 */
@ApplicationScoped
public class ProductionSafetyCheck {

    static final String SANDBOX_KEY_MARKER = "sandbox-only";
    static final String SANDBOX_CLIENT_ID = "sandbox-client-id";
    static final String SANDBOX_CLIENT_SECRET = "sandbox-client-secret";
    /** HMAC-SHA256 and AES-256 keys: at least as many bytes as the hash. */
    static final int MIN_KEY_BYTES = 32;

    @Inject
    ConnectorConfig config;

    void beforeRoutes(@Observes BeforeConfigure event) {
        check(config);
    }

    /** Throws with every problem found, each naming the variable to set; returns normally when the setup is safe. */
    static void check(ConnectorConfig config) {
        if (config.sandbox().enabled()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        String clientId = config.hubspot().clientId();
        if (clientId == null || clientId.isBlank() || clientId.trim().equals(SANDBOX_CLIENT_ID)) {
            problems.add("the HubSpot client id is " + (clientId == null || clientId.isBlank() ? "blank" : "the sandbox's")
                    + ": set CONNECTOR_HUBSPOT_CLIENT_ID to your HubSpot app's client id");
        }
        String clientSecret = config.hubspot().clientSecret();
        if (clientSecret == null || clientSecret.isBlank() || clientSecret.trim().equals(SANDBOX_CLIENT_SECRET)) {
            problems.add("the HubSpot client secret is "
                    + (clientSecret == null || clientSecret.isBlank() ? "blank" : "the published sandbox secret")
                    + ": set CONNECTOR_HUBSPOT_CLIENT_SECRET to your HubSpot app's client secret");
        }
        checkKey(config.secrets().encryptionKey(), "encryption key", "CONNECTOR_ENCRYPTION_KEY", problems);
        checkKey(config.secrets().signingKey(), "signing key", "CONNECTOR_SIGNING_KEY", problems);
        if (config.hubspot().apiBaseUrl().contains("/sandbox/")) {
            problems.add("the HubSpot API base URL points at the sandbox: set CONNECTOR_HUBSPOT_API_BASE_URL "
                    + "(https://api.hubapi.com)");
        }
        if (config.nrs().apiBaseUrl().contains("/sandbox/")) {
            problems.add("the 360nrs API base URL points at the sandbox: set CONNECTOR_NRS_API_BASE_URL "
                    + "(https://dashboard.360nrs.com/api/rest)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("sandbox mode is off (CONNECTOR_SANDBOX=false) but the configuration is "
                    + "not safe for production: " + String.join("; ", problems));
        }
    }

    private static void checkKey(String key, String name, String variable, List<String> problems) {
        if (key == null) {
            problems.add("the " + name + " is missing: set " + variable + " to a random value of at least "
                    + MIN_KEY_BYTES + " bytes");
        } else if (key.contains(SANDBOX_KEY_MARKER)) {
            problems.add("the " + name + " is the published sandbox key: set " + variable
                    + " to your own random value of at least " + MIN_KEY_BYTES + " bytes");
        } else if (key.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
            problems.add("the " + name + " is shorter than " + MIN_KEY_BYTES + " bytes: set " + variable
                    + " to a random value of at least " + MIN_KEY_BYTES + " bytes");
        }
    }
}
