package com.nrsconnector.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.ext.web.RoutingContext;

/**
 * Checks requests against HubSpot's published OpenAPI specs (copied under hubspot-openapi/), so that the sandbox
 * refuses what HubSpot would refuse rather than whatever the connector happens to send.
 */
public class HubSpotOpenApiValidator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, OpenApiInteractionValidator> validatorsByPathPrefix = new LinkedHashMap<>();
    private final Map<String, JsonNode> specsByPathPrefix = new LinkedHashMap<>();

    public HubSpotOpenApiValidator() {
        register("/automation/v4/", "automation-actions-v4.json");
        register("/integrators/timeline/v3/", "crm-timeline-v3.json");
        register("/integrators/timeline/2026-03/", "crm-timeline-app-events-2026-03.json");
        register("/crm/v3/objects/contacts", "crm-contacts-v3.json");
        register("/crm/v3/properties/", "crm-properties-v3.json");
        register("/oauth/v3/", "oauth-v3.json");
        register("/webhooks-journal/", "webhooks-journal-2026-03.json");
    }

    private void register(String prefix, String spec) {
        try (InputStream in = getClass().getResourceAsStream("/hubspot-openapi/" + spec)) {
            if (in == null) {
                throw new IllegalStateException("missing spec hubspot-openapi/" + spec);
            }
            String text = withoutEmptyPropertiesBesideOneOf(withoutTypedOutputsRequirement(
                    withoutSecurityRequirements(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
            validatorsByPathPrefix.put(
                    prefix,
                    OpenApiInteractionValidator.createForInlineApiSpecification(text)
                            .build());
            specsByPathPrefix.put(prefix, JSON.readTree(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The specs' operations require oauth2, which the validator cannot check and logs as unsupported on every request;
     * the stand-in checks bearer tokens itself, so the requirements are dropped before the validator sees them.
     */
    static String withoutSecurityRequirements(String spec) throws IOException {
        JsonNode root = JSON.readTree(spec);
        if (root instanceof ObjectNode object) {
            object.remove("security");
        }
        for (JsonNode pathItem : root.path("paths")) {
            for (JsonNode operation : pathItem) {
                if (operation instanceof ObjectNode object) {
                    object.remove("security");
                }
            }
        }
        return JSON.writeValueAsString(root);
    }

    /**
     * The spec marks {@code typedOutputs} as required on callback completions; HubSpot's docs and its official SDK
     * ({@code @hubspot/api-client}) send only {@code outputFields}, and HubSpot accepts that. The stand-in accepts
     * what the SDK sends.
     */
    static String withoutTypedOutputsRequirement(String spec) throws IOException {
        JsonNode root = JSON.readTree(spec);
        for (String schema : new String[] {"CallbackCompletionRequest", "CallbackCompletionBatchRequest"}) {
            JsonNode required =
                    root.path("components").path("schemas").path(schema).path("required");
            if (required instanceof com.fasterxml.jackson.databind.node.ArrayNode list) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    if ("typedOutputs".equals(list.get(i).asText())) {
                        list.remove(i);
                    }
                }
            }
        }
        return JSON.writeValueAsString(root);
    }

    /**
     * The journal spec's {@code SubscriptionUpsertRequest} is a {@code oneOf} with an empty {@code properties} object
     * beside it, which the validator reads as "no property allowed" and so refuses every subscription; the empty
     * object is dropped so that the {@code oneOf} alone decides.
     */
    static String withoutEmptyPropertiesBesideOneOf(String spec) throws IOException {
        JsonNode root = JSON.readTree(spec);
        for (JsonNode schema : root.path("components").path("schemas")) {
            if (schema instanceof ObjectNode object
                    && schema.has("oneOf")
                    && schema.path("properties").isObject()
                    && schema.path("properties").isEmpty()) {
                object.remove("properties");
            }
        }
        return JSON.writeValueAsString(root);
    }

    /** The problems HubSpot's schema finds in a request to the stand-in, as it came in. */
    public List<String> problems(RoutingContext ctx) {
        Map<String, String> query = new HashMap<>();
        ctx.queryParams().forEach(q -> query.put(q.getKey(), q.getValue()));
        return problems(
                ctx.request().method().name(),
                ctx.request().path().substring(HubSpotSandbox.PREFIX.length()),
                ctx.request().getHeader("Content-Type"),
                ctx.body() == null ? null : ctx.body().asString(),
                query);
    }

    /** The problems HubSpot's schema finds in the request; empty when it conforms. */
    public List<String> problems(
            String method, String path, String contentType, String body, Map<String, String> query) {
        OpenApiInteractionValidator validator = validatorsByPathPrefix.entrySet().stream()
                .filter(e -> path.startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        if (validator == null) {
            return List.of("no HubSpot API is published at " + path);
        }
        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(method), path);
        if (body != null && !body.isEmpty()) {
            request.withBody(body);
        }
        if (contentType != null) {
            request.withContentType(contentType);
        }
        query.forEach(request::withQueryParam);
        ValidationReport report = validator.validateRequest(request.build());
        List<String> problems = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getMessage())
                .collect(Collectors.toList());
        problems.addAll(undeclaredQueryParameters(method, path, query));
        return problems;
    }

    /**
     * HubSpot's request line holds only what an operation declares, so an undeclared query parameter (a client option
     * leaking into the URL, say) is a problem; the validator itself lets any extra parameter through.
     */
    private List<String> undeclaredQueryParameters(String method, String path, Map<String, String> query) {
        if (query.isEmpty()) {
            return List.of();
        }
        JsonNode spec = specsByPathPrefix.entrySet().stream()
                .filter(e -> path.startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        if (spec == null) {
            return List.of();
        }
        Set<String> declared = new HashSet<>();
        spec.path("paths").fields().forEachRemaining(item -> {
            String template = "\\Q" + item.getKey().replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
            JsonNode operation = item.getValue().path(method.toLowerCase(Locale.ROOT));
            if (!operation.isMissingNode() && path.matches(template)) {
                for (JsonNode parameters : List.of(item.getValue().path("parameters"), operation.path("parameters"))) {
                    for (JsonNode parameter : parameters) {
                        JsonNode resolved = parameter.has("$ref")
                                ? spec.at(parameter.get("$ref").asText().substring(1))
                                : parameter;
                        if ("query".equals(resolved.path("in").asText())) {
                            declared.add(resolved.path("name").asText());
                        }
                    }
                }
            }
        });
        return query.keySet().stream()
                .filter(name -> !declared.contains(name))
                .sorted()
                .map(name -> "Query parameter '" + name + "' is not declared by " + method + " " + path)
                .collect(Collectors.toList());
    }
}
