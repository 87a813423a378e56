package com.nrsconnector.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.nrsconnector.support.TestConnectorConfig;

class ProductionSafetyCheckTest {

    /** A production operator sets their own operations password; the overrides may replace it. */
    private static final String OPS_PASSWORD = "Zx7-kQ2m-Rt9w-Lp4v";

    private static ConnectorConfig production(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>();
        properties.put("connector.ops.username", "ops-admin");
        properties.put("connector.ops.password", OPS_PASSWORD);
        properties.putAll(overrides);
        return TestConnectorConfig.production(properties);
    }

    private static String refusal(Map<String, String> overrides) {
        ConnectorConfig config = production(overrides);
        return assertThrows(IllegalStateException.class, () -> ProductionSafetyCheck.check(config))
                .getMessage();
    }

    @Test
    void aProductionConfigurationWithItsOwnCredentialsStarts() {
        assertDoesNotThrow(() -> ProductionSafetyCheck.check(production(Map.of())));
    }

    @Test
    void theTemplatesTimelineNeedsNoAppEventPrefix() {
        assertDoesNotThrow(() -> ProductionSafetyCheck.check(production(Map.of(
                "connector.hubspot.timeline-mode", "templates",
                "connector.hubspot.timeline.app-event-type-prefix", ""))));
    }

    @Test
    void keysOfExactly32BytesAreLongEnough() {
        assertDoesNotThrow(() -> ProductionSafetyCheck.check(production(Map.of(
                "connector.secrets.encryption-key", "k".repeat(32),
                "connector.secrets.signing-key", "ñ".repeat(16)))));
    }

    @Test
    void sandboxModeAcceptsTheSandboxDefaults() {
        assertDoesNotThrow(() -> ProductionSafetyCheck.check(production(Map.of(
                "connector.sandbox.enabled", "true",
                "connector.hubspot.client-id", "sandbox-client-id",
                "connector.hubspot.client-secret", "sandbox-client-secret",
                "connector.secrets.encryption-key", "sandbox-only-encryption-key-change-me",
                "connector.secrets.signing-key", "abc",
                "connector.ops.password", "sandbox-ops-password",
                "connector.hubspot.api-base-url", "http://localhost:8080/sandbox/hubspot",
                "connector.nrs.api-base-url", "http://localhost:8080/sandbox/360nrs/api/rest"))));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "connector.hubspot.client-id|sandbox-client-id|CONNECTOR_HUBSPOT_CLIENT_ID",
                "connector.hubspot.client-id|'   '|CONNECTOR_HUBSPOT_CLIENT_ID",
                "connector.hubspot.client-secret|sandbox-client-secret|CONNECTOR_HUBSPOT_CLIENT_SECRET",
                "connector.hubspot.client-secret|'   '|CONNECTOR_HUBSPOT_CLIENT_SECRET",
                "connector.secrets.encryption-key|sandbox-only-encryption-key-change-me|CONNECTOR_ENCRYPTION_KEY",
                "connector.secrets.signing-key|sandbox-only-signing-key-change-me|CONNECTOR_SIGNING_KEY",
                "connector.secrets.encryption-key|abc|CONNECTOR_ENCRYPTION_KEY",
                "connector.secrets.signing-key|abc|CONNECTOR_SIGNING_KEY",
                "connector.secrets.session-key|sandbox-only-session-key-change-me|CONNECTOR_SESSION_KEY",
                "connector.secrets.session-key|abc|CONNECTOR_SESSION_KEY",
                "connector.hubspot.app-base-url|https://connector.example.com/sandbox/hubspot|CONNECTOR_HUBSPOT_APP_BASE_URL",
                "connector.secrets.signing-key|0123456789abcdef0123456789abcde|CONNECTOR_SIGNING_KEY",
                "connector.card.form-signing-key|sandbox-only-form-signing-key-change-me|CONNECTOR_FORM_SIGNING_KEY",
                "connector.card.form-signing-key|abc|CONNECTOR_FORM_SIGNING_KEY",
                "connector.secrets.encryption-key|'                               '|CONNECTOR_ENCRYPTION_KEY",
                "connector.hubspot.api-base-url|https://connector.example.com/sandbox/hubspot|CONNECTOR_HUBSPOT_API_BASE_URL",
                "connector.nrs.api-base-url|https://connector.example.com/sandbox/360nrs/api/rest|CONNECTOR_NRS_API_BASE_URL",
                "connector.ops.password|sandbox-ops-password|CONNECTOR_OPS_PASSWORD",
                "connector.ops.password|' sandbox-ops-password '|CONNECTOR_OPS_PASSWORD",
                "connector.ops.password|fifteen-chars-x|CONNECTOR_OPS_PASSWORD",
                "connector.ops.password|'   '|CONNECTOR_OPS_PASSWORD",
                "connector.ops.username|'  '|CONNECTOR_OPS_USERNAME",
                "connector.hubspot.timeline.app-event-type-prefix|'  '|CONNECTOR_HUBSPOT_TIMELINE_APP_EVENT_TYPE_PREFIX"
            })
    void eachSandboxCredentialShortKeyOrSandboxUrlRefusesToStart(String property, String value, String variable) {
        String message = refusal(Map.of(property, value));
        assertTrue(message.contains("set " + variable + " "), message);
        assertTrue(message.startsWith("sandbox mode is off (CONNECTOR_SANDBOX=false)"), message);
    }

    @Test
    void aKeyCountsItsUtf8BytesNotItsCharacters() {
        // 16 characters of 2 bytes each pass; 31 of 1 byte do not.
        String message = refusal(Map.of("connector.secrets.signing-key", "k".repeat(31)));
        assertTrue(message.contains("the signing key is shorter than 32 bytes"), message);
    }

    @Test
    void anOpsPasswordOf16CharactersIsLongEnoughAndNoneIsRefused() {
        assertDoesNotThrow(
                () -> ProductionSafetyCheck.check(production(Map.of("connector.ops.password", "sixteen-chars-xy"))));
        Map<String, String> withoutPassword = new HashMap<>(TestConnectorConfig.PRODUCTION);
        String message = assertThrows(
                        IllegalStateException.class,
                        () -> ProductionSafetyCheck.check(TestConnectorConfig.production(withoutPassword)))
                .getMessage();
        assertTrue(message.contains("the operations API password is missing: set CONNECTOR_OPS_PASSWORD "), message);
    }

    @Test
    void theOpsPasswordRefusalNeverRepeatsIt() {
        String message = refusal(Map.of("connector.ops.password", "short-Secret1"));
        assertTrue(message.contains("shorter than 16 characters") && !message.contains("short-Secret1"), message);
    }

    @Test
    void theRefusalNeverRepeatsTheSecretItRefuses() {
        String message = refusal(Map.of(
                "connector.secrets.signing-key",
                "tooShortSecret",
                "connector.hubspot.client-secret",
                "sandbox-client-secret"));
        assertTrue(!message.contains("tooShortSecret") && !message.contains("sandbox-client-secret"), message);
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        String message = refusal(Map.of(
                "connector.hubspot.client-id", "sandbox-client-id",
                "connector.hubspot.client-secret", "sandbox-client-secret",
                "connector.secrets.encryption-key", "sandbox-only-encryption-key-change-me",
                "connector.secrets.signing-key", "short",
                "connector.hubspot.api-base-url", "http://localhost:8080/sandbox/hubspot",
                "connector.nrs.api-base-url", "http://localhost:8080/sandbox/360nrs/api/rest",
                "connector.ops.password", "sandbox-ops-password"));
        for (String variable : new String[] {
            "CONNECTOR_HUBSPOT_CLIENT_ID",
            "CONNECTOR_HUBSPOT_CLIENT_SECRET",
            "CONNECTOR_ENCRYPTION_KEY",
            "CONNECTOR_SIGNING_KEY",
            "CONNECTOR_HUBSPOT_API_BASE_URL",
            "CONNECTOR_NRS_API_BASE_URL",
            "CONNECTOR_OPS_PASSWORD"
        }) {
            assertTrue(message.contains("set " + variable + " "), variable + " missing from: " + message);
        }
    }
}
