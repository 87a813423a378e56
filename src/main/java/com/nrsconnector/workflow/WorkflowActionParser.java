package com.nrsconnector.workflow;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.nrsconnector.api.RequestRejectedException;

/**
 * Reads and validates HubSpot's workflow-action execution payload. Every refusal is a 400 that names the field.
 * Unknown fields are tolerated: HubSpot adds fields over time.
 */
public final class WorkflowActionParser {

    public static final String SEND_SMS = "SEND_SMS";

    private static final Pattern ALPHANUMERIC_SENDER = Pattern.compile("[A-Za-z0-9 ]{1,11}");
    private static final Pattern NUMERIC_SENDER = Pattern.compile("\\+?[0-9]{1,15}");
    private static final Set<String> BOOLEAN_VALUES = Set.of("true", "false");
    private static final Set<String> REGIONS = PhoneNumberUtil.getInstance().getSupportedRegions();

    private final ObjectMapper json;

    public WorkflowActionParser(ObjectMapper json) {
        this.json = json;
    }

    public WorkflowActionRequest parse(String body, String actionType) {
        if (body == null || body.isBlank()) {
            throw RequestRejectedException.badRequest("body", "the request body is empty; expected HubSpot's JSON payload");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw RequestRejectedException.badRequest("body", "the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw RequestRejectedException.badRequest("body", "the request body must be a JSON object");
        }
        String callbackId = requiredText(root, "callbackId", "callbackId");
        JsonNode origin = requiredObject(root, "origin", "origin");
        JsonNode portal = origin.get("portalId");
        if (portal == null || !portal.isIntegralNumber() || !portal.canConvertToLong() || portal.asLong() <= 0) {
            throw RequestRejectedException.badRequest("origin.portalId", "origin.portalId must be a positive number");
        }
        JsonNode object = requiredObject(root, "object", "object");
        String objectType = requiredText(object, "objectType", "object.objectType").toUpperCase(Locale.ROOT);
        JsonNode objectIdNode = object.get("objectId");
        if (objectIdNode == null || objectIdNode.isNull() || objectIdNode.asText().isBlank()) {
            throw RequestRejectedException.badRequest("object.objectId", "object.objectId is required");
        }
        if (!"CONTACT".equals(objectType)) {
            throw RequestRejectedException.badRequest("object.objectType",
                    "object.objectType " + objectType + " is not supported by this action; use a contact-based workflow");
        }
        Map<String, String> properties = stringMap(object.get("properties"), "object.properties");
        JsonNode inputs = root.get("inputFields");
        if (inputs == null || !inputs.isObject()) {
            throw RequestRejectedException.badRequest("inputFields", "inputFields is required and must be an object");
        }
        Map<String, String> inputFields = stringMap(inputs, "inputFields");
        if (SEND_SMS.equals(actionType)) {
            validateSendSms(inputFields);
        }
        return new WorkflowActionRequest(callbackId, portal.asLong(), actionType, objectType, objectIdNode.asText(),
                properties, inputFields, body);
    }

    private static void validateSendSms(Map<String, String> inputs) {
        String sender = inputs.get(SendSmsInput.SENDER);
        if (sender == null || sender.isBlank()) {
            throw RequestRejectedException.badRequest("inputFields.sender", "inputFields.sender is required");
        }
        String trimmed = sender.trim();
        if (!ALPHANUMERIC_SENDER.matcher(trimmed).matches() && !NUMERIC_SENDER.matcher(trimmed).matches()) {
            throw RequestRejectedException.badRequest("inputFields.sender",
                    "inputFields.sender must be up to 11 letters and digits or up to 15 digits, got '" + trimmed + "'");
        }
        String message = inputs.get(SendSmsInput.MESSAGE);
        if (message == null || message.isBlank()) {
            throw RequestRejectedException.badRequest("inputFields.message", "inputFields.message is required");
        }
        String country = inputs.get(SendSmsInput.COUNTRY);
        if (country != null && !country.isBlank() && !REGIONS.contains(country.trim().toUpperCase(Locale.ROOT))) {
            throw RequestRejectedException.badRequest("inputFields.country",
                    "inputFields.country must be an ISO 3166 alpha-2 country code, got '" + country + "'");
        }
        String shorten = inputs.get(SendSmsInput.SHORTEN_URLS);
        if (shorten != null && !shorten.isBlank() && !BOOLEAN_VALUES.contains(shorten.trim().toLowerCase(Locale.ROOT))) {
            throw RequestRejectedException.badRequest("inputFields.shortenUrls",
                    "inputFields.shortenUrls must be true or false, got '" + shorten + "'");
        }
    }

    private static String requiredText(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()) {
            throw RequestRejectedException.badRequest(path, path + " is required");
        }
        return value.asText();
    }

    private static JsonNode requiredObject(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || !value.isObject()) {
            throw RequestRejectedException.badRequest(path, path + " is required and must be an object");
        }
        return value;
    }

    private static Map<String, String> stringMap(JsonNode node, String path) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw RequestRejectedException.badRequest(path, path + " must be an object");
        }
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value == null || value.isNull()) {
                // Present but empty: HubSpot sent the property, the contact has no value (so no need to fetch it).
                out.put(field.getKey(), "");
                return;
            }
            if (!value.isValueNode()) {
                throw RequestRejectedException.badRequest(path + "." + field.getKey(),
                        path + "." + field.getKey() + " must be a string, number or boolean");
            }
            out.put(field.getKey(), value.asText());
        });
        return out;
    }
}
