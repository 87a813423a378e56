package com.nrsconnector.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.camel.quarkus.main.events.BeforeConfigure;

/**
 * Outside sandbox mode, refuses to start with any published sandbox credential, a short key or a sandbox URL: they
 * would protect nothing, or fail every send; and with app events whose type names are not qualified, which HubSpot
 * would refuse. Runs before Camel configures its routes, so nothing is served or sent.
 */
@ApplicationScoped
public class ProductionSafetyCheck {

    static final String SANDBOX_KEY_MARKER = "sandbox-only";
    static final String SANDBOX_CLIENT_ID = "sandbox-client-id";
    static final String SANDBOX_CLIENT_SECRET = "sandbox-client-secret";
    static final String SANDBOX_OPS_PASSWORD = "sandbox-ops-password";
    static final int MIN_OPS_PASSWORD_LENGTH = 16;
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
            problems.add(
                    "the HubSpot client id is " + (clientId == null || clientId.isBlank() ? "blank" : "the sandbox's")
                            + ": set CONNECTOR_HUBSPOT_CLIENT_ID to your HubSpot app's client id");
        }
        String clientSecret = config.hubspot().clientSecret();
        if (clientSecret == null
                || clientSecret.isBlank()
                || clientSecret.trim().equals(SANDBOX_CLIENT_SECRET)) {
            problems.add("the HubSpot client secret is "
                    + (clientSecret == null || clientSecret.isBlank() ? "blank" : "the published sandbox secret")
                    + ": set CONNECTOR_HUBSPOT_CLIENT_SECRET to your HubSpot app's client secret");
        }
        checkKey(config.secrets().encryptionKey(), "encryption key", "CONNECTOR_ENCRYPTION_KEY", problems);
        checkKey(config.secrets().signingKey(), "signing key", "CONNECTOR_SIGNING_KEY", problems);
        checkKey(config.secrets().sessionKey(), "session key", "CONNECTOR_SESSION_KEY", problems);
        checkKey(config.card().formSigningKey(), "form link signing key", "CONNECTOR_FORM_SIGNING_KEY", problems);
        checkOpsCredentials(config.ops(), problems);
        if (config.hubspot().apiBaseUrl().contains("/sandbox/")) {
            problems.add("the HubSpot API base URL points at the sandbox: set CONNECTOR_HUBSPOT_API_BASE_URL "
                    + "(https://api.hubapi.com)");
        }
        if (config.hubspot().appBaseUrl().contains("/sandbox/")) {
            problems.add("the HubSpot app URL (OAuth authorize page) points at the sandbox: set "
                    + "CONNECTOR_HUBSPOT_APP_BASE_URL (https://app.hubspot.com)");
        }
        if (config.nrs().apiBaseUrl().contains("/sandbox/")) {
            problems.add("the 360nrs API base URL points at the sandbox: set CONNECTOR_NRS_API_BASE_URL "
                    + "(https://dashboard.360nrs.com/api/rest)");
        }
        if (config.hubspot().timelineMode() == ConnectorConfig.TimelineMode.APP_EVENTS
                && config.hubspot()
                        .timeline()
                        .appEventTypePrefix()
                        .map(String::isBlank)
                        .orElse(true)) {
            problems.add("timeline events are app events but their type names are not qualified: set "
                    + "CONNECTOR_HUBSPOT_TIMELINE_APP_EVENT_TYPE_PREFIX to the prefix of the app's event type names "
                    + "(see hubspot-app/), or CONNECTOR_HUBSPOT_TIMELINE_MODE=templates for an app with timeline "
                    + "templates");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("sandbox mode is off (CONNECTOR_SANDBOX=false) but the configuration is "
                    + "not safe for production: " + String.join("; ", problems));
        }
    }

    private static void checkOpsCredentials(ConnectorConfig.Ops ops, List<String> problems) {
        if (ops.username() == null || ops.username().isBlank()) {
            problems.add("the operations API user name is blank: set CONNECTOR_OPS_USERNAME to the operators' "
                    + "user name");
        }
        String password = ops.password().orElse(null);
        if (password == null || password.isBlank()) {
            problems.add("the operations API password is missing: set CONNECTOR_OPS_PASSWORD to a random value of at "
                    + "least " + MIN_OPS_PASSWORD_LENGTH + " characters");
        } else if (password.trim().equals(SANDBOX_OPS_PASSWORD)) {
            problems.add("the operations API password is the published sandbox password: set CONNECTOR_OPS_PASSWORD "
                    + "to your own random value of at least " + MIN_OPS_PASSWORD_LENGTH + " characters");
        } else if (password.codePointCount(0, password.length()) < MIN_OPS_PASSWORD_LENGTH) {
            problems.add("the operations API password is shorter than " + MIN_OPS_PASSWORD_LENGTH
                    + " characters: set CONNECTOR_OPS_PASSWORD to a random value of at least " + MIN_OPS_PASSWORD_LENGTH
                    + " characters");
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
