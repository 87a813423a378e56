package com.nrsconnector.sandbox;

import static com.nrsconnector.sandbox.HubSpotErrors.error;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.config.Urls;
import com.nrsconnector.hubspot.HubSpotSignatureVerifier;

import io.vertx.ext.web.RoutingContext;

/**
 * Enrolls a sandbox contact or deal in a workflow: the stand-in makes the call HubSpot makes when a workflow reaches
 * one of the connector's actions (signed with the app's secret, the record's properties in the payload), so that
 * every action can be tried, and HubSpot's retries simulated, without HubSpot.
 */
@ApplicationScoped
public class HubSpotWorkflowEnrollmentSandbox {

    private static final Logger LOG = Logger.getLogger(HubSpotWorkflowEnrollmentSandbox.class);

    private final HttpClient http = SandboxHttpClients.toConnector();

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    HubSpotContactsSandbox contacts;

    @Inject
    HubSpotDealsSandbox deals;

    @Inject
    HubSpotCallbackCompletionsSandbox completions;

    /** Makes the call HubSpot makes when a workflow reaches the connector's action: signed, with object.properties. */
    void enroll(RoutingContext ctx) {
        JsonNode body = SandboxRequestBodies.json(ctx, json);
        if (body == null) {
            SandboxResponses.json(ctx, json, 400, error("body must be JSON"));
            return;
        }
        String actionType = body.path("actionType").asText("SEND_SMS");
        String path = switch (actionType) {
            case "SEND_SMS" -> "/hubspot/actions/send-sms";
            case "SEND_VOICE" -> "/hubspot/actions/send-voice";
            case "SEND_IVR" -> "/hubspot/actions/send-ivr";
            default -> null;
        };
        if (path == null) {
            SandboxResponses.json(
                    ctx,
                    json,
                    400,
                    error("unknown actionType " + actionType + "; known: SEND_SMS, SEND_VOICE, SEND_IVR"));
            return;
        }
        boolean deal = "DEAL".equalsIgnoreCase(body.path("objectType").asText("CONTACT"));
        String objectId =
                deal ? body.path("dealId").asText(null) : body.path("contactId").asText(null);
        HubSpotDealsSandbox.SandboxDeal enrolledDeal = deal && objectId != null ? deals.deal(objectId) : null;
        Map<String, String> contact = deal ? null : objectId == null ? null : contacts.contact(objectId);
        if (deal ? enrolledDeal == null : contact == null) {
            SandboxResponses.json(ctx, json, 404, error("no sandbox " + (deal ? "deal " : "contact ") + objectId));
            return;
        }
        long portalId = body.path("portalId")
                .asLong(deal ? enrolledDeal.portalId() : config.sandbox().demoPortalId());
        String callbackId = body.hasNonNull("callbackId")
                ? body.get("callbackId").asText()
                : "ap-" + portalId + "-" + UUID.randomUUID();
        completions.issue(callbackId);
        ObjectNode payload = json.createObjectNode();
        payload.put("callbackId", callbackId);
        ObjectNode origin = payload.putObject("origin");
        origin.put("portalId", portalId);
        origin.put("actionDefinitionId", 10646377);
        origin.put("actionDefinitionVersion", 1);
        ObjectNode context = payload.putObject("context");
        context.put("source", "WORKFLOWS");
        context.put("workflowId", body.path("workflowId").asLong(192814114));
        ObjectNode object = payload.putObject("object");
        if (objectId.matches("\\d{1,18}")) {
            object.put("objectId", Long.parseLong(objectId));
        } else {
            object.put("objectId", objectId);
        }
        object.put("objectType", deal ? "DEAL" : "CONTACT");
        ObjectNode properties = object.putObject("properties");
        if (deal) {
            // The deal's own properties; its contacts' properties are read by the connector.
            enrolledDeal.properties().forEach(properties::put);
        } else {
            // Like HubSpot, send the properties the action definition requests (objectRequestOptions) that the
            // contact has a value for; an unset property is left out, never sent as null.
            for (String name : config.hubspot().contactProperties()) {
                String value = contact.get(name);
                if (value != null) {
                    properties.put(name, value);
                }
            }
        }
        payload.set(
                "inputFields", body.path("inputFields").isObject() ? body.get("inputFields") : json.createObjectNode());
        try {
            String text = json.writeValueAsString(payload);
            String url = Urls.join(config.publicBaseUrl(), path);
            String timestamp = Long.toString(System.currentTimeMillis());
            String signature =
                    HubSpotSignatureVerifier.sign(config.hubspot().clientSecret(), "POST", url, text, timestamp);
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .header(HubSpotSignatureVerifier.SIGNATURE_HEADER, signature)
                            .header(HubSpotSignatureVerifier.TIMESTAMP_HEADER, timestamp)
                            .POST(HttpRequest.BodyPublishers.ofString(text))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("callbackId", callbackId);
            answer.put("status", response.statusCode());
            answer.put("response", SandboxRequestBodies.json(response.body(), json));
            SandboxResponses.json(ctx, json, 200, answer);
        } catch (Exception e) {
            LOG.warn("sandbox enroll could not reach the connector", e);
            SandboxResponses.json(ctx, json, 502, error("the connector did not answer: " + e));
        }
    }
}
