package com.nrsconnector.support;

import java.util.HashMap;
import java.util.Map;

import com.nrsconnector.config.ConnectorConfig;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** A real {@link ConnectorConfig} mapping built from properties, for unit tests that need no running connector. */
public final class TestConnectorConfig {

    /** A safe production configuration: no sandbox, own credentials and keys, real API URLs. */
    public static final Map<String, String> PRODUCTION = Map.ofEntries(
            Map.entry("connector.public-base-url", "https://connector.example.com"),
            Map.entry("connector.db.active", "postgres"),
            Map.entry("connector.sandbox.enabled", "false"),
            Map.entry("connector.sandbox.demo-portal-id", "62515"),
            Map.entry("connector.sandbox.delivery-delay", "PT2S"),
            Map.entry("connector.sandbox.failing-attempts", "2"),
            Map.entry("connector.sandbox.timeout-delay", "PT20S"),
            Map.entry("connector.hubspot.api-base-url", "https://api.hubapi.com"),
            Map.entry("connector.hubspot.client-id", "5f2c1a9e-1111-4c2b-9a3d-0d7e6b1c2a44"),
            Map.entry("connector.hubspot.client-secret", "8c0e1b7a-2222-4d3f-8e6a-5b4c3d2e1f00"),
            Map.entry("connector.hubspot.app-base-url", "https://app.hubspot.com"),
            Map.entry("connector.hubspot.scopes", "oauth,timeline,crm.objects.contacts.read,automation"),
            Map.entry("connector.hubspot.optional-scopes", "crm.schemas.contacts.write"),
            Map.entry("connector.hubspot.contact-properties", "mobilephone,phone,firstname"),
            Map.entry("connector.hubspot.timeline.app-event-type-prefix", "pe1234567_"),
            Map.entry("connector.hubspot.token-refresh-interval", "PT1M"),
            Map.entry("connector.nrs.api-base-url", "https://dashboard.360nrs.com/api/rest"),
            Map.entry("connector.nrs.delivery-status.1", "DELIVERED"),
            Map.entry("connector.nrs.max-in-flight", "96"),
            Map.entry("connector.nrs.delivery-report-check-interval", "PT1M"),
            Map.entry("connector.dispatcher.poll-interval", "PT0.5S"),
            Map.entry("connector.dispatcher.hubspot-sync-interval", "PT1S"),
            Map.entry("connector.errors.max-redeliveries", "2"),
            Map.entry("connector.errors.redelivery-delay-ms", "200"),
            Map.entry("connector.secrets.encryption-key", "q8Vd3mZt7RkX1pLw9sNc4bHy6fJa2eGu"),
            Map.entry("connector.secrets.signing-key", "T5nW0xKc8vQm3rBz6yLp1dFh9sAj4gEo"),
            Map.entry("connector.secrets.session-key", "Hn2Qw8Zr5Tx1Vb7Ke3Mp9Ld4Fs6Gc0Ja"),
            Map.entry("connector.card.form-signing-key", "Zr4Kx9pQ2mWv7bNc1tLy8dHs3fGj6aEu"));

    private TestConnectorConfig() {}

    /** {@link #PRODUCTION} with some properties replaced. */
    public static ConnectorConfig production(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(PRODUCTION);
        properties.putAll(overrides);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ConnectorConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(ConnectorConfig.class);
    }
}
