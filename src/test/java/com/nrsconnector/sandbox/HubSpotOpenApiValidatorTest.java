package com.nrsconnector.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class HubSpotOpenApiValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HubSpotOpenApiValidator validator = new HubSpotOpenApiValidator();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "automation-actions-v4.json",
                "crm-contacts-v3.json",
                "crm-timeline-v3.json",
                "crm-timeline-app-events-2026-03.json",
                "oauth-v3.json"
            })
    void noOperationKeepsASecurityRequirementTheValidatorWouldLogAsUnsupported(String spec) throws Exception {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/hubspot-openapi/" + spec)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode stripped = JSON.readTree(HubSpotOpenApiValidator.withoutSecurityRequirements(text));
        assertFalse(stripped.has("security"));
        stripped.path("paths").forEach(item -> item.forEach(operation -> assertFalse(operation.has("security"))));
        assertEquals(
                JSON.readTree(text).path("paths").size(), stripped.path("paths").size());
        assertEquals(
                JSON.readTree(text).path("components").path("schemas"),
                stripped.path("components").path("schemas"));
    }

    @Test
    void aConformingRequestHasNoProblems() {
        assertEquals(
                List.of(),
                validator.problems(
                        "POST",
                        "/automation/v4/actions/callbacks/complete",
                        "application/json",
                        "{\"inputs\":[{\"callbackId\":\"ap-1\",\"outputFields\":{\"a\":\"b\"},\"typedOutputs\":{}}]}",
                        Map.of()));
    }

    @Test
    void aRequestHubSpotWouldRefuseStillHasProblems() {
        List<String> problems = validator.problems(
                "POST",
                "/automation/v4/actions/callbacks/complete",
                "application/json",
                "{\"inputs\":[{\"outputFields\":{\"a\":\"b\"},\"typedOutputs\":{}}]}",
                Map.of());
        assertTrue(problems.stream().anyMatch(p -> p.contains("callbackId")), problems.toString());
    }

    @Test
    void aQueryParameterTheOperationDoesNotDeclareIsAProblemAndADeclaredOneIsNot() {
        HubSpotOpenApiValidator specs = new HubSpotOpenApiValidator();
        assertEquals(
                List.of(),
                specs.problems(
                        "GET",
                        "/crm/v3/objects/contacts/1001",
                        null,
                        null,
                        Map.of("properties", "mobilephone", "archived", "false")));
        assertEquals(
                List.of("Query parameter 'connectTimeout' is not declared by GET /crm/v3/objects/contacts/1001"),
                specs.problems(
                        "GET",
                        "/crm/v3/objects/contacts/1001",
                        null,
                        null,
                        Map.of("properties", "mobilephone", "connectTimeout", "10000")));
        assertTrue(specs
                .problems(
                        "POST",
                        "/oauth/v3/token/revoke",
                        "application/x-www-form-urlencoded",
                        "client_id=a&client_secret=b&token=c",
                        Map.of("soTimeout", "1"))
                .stream()
                .anyMatch(problem -> problem.contains("'soTimeout'")));
    }
}
