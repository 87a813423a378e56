package com.nrsconnector.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The error bodies the HubSpot stand-in answers with, shared by its APIs and controls. */
final class HubSpotErrors {

    private HubSpotErrors() {}

    /** A control's or an unserved path's refusal. */
    static Map<String, String> error(String message) {
        return Map.of("status", "error", "message", message);
    }

    /** HubSpot's error answer: a category (OBJECT_NOT_FOUND, VALIDATION_ERROR, ...) and a message. */
    static Map<String, Object> error(String category, String message) {
        return Map.of("status", "error", "category", category, "message", message);
    }

    /** HubSpot's error answer with the correlation id it gives its object and automation APIs' refusals. */
    static Map<String, Object> correlatedError(String category, Object message) {
        return Map.of(
                "status",
                "error",
                "category",
                category,
                "message",
                message,
                "correlationId",
                UUID.randomUUID().toString());
    }

    /** HubSpot's 400 for a request its spec refuses: the message's opening, then every problem found. */
    static Map<String, Object> validationError(String opening, List<String> problems) {
        return error("VALIDATION_ERROR", opening + String.join("; ", problems));
    }

    /** The OAuth token endpoint's refusal: RFC 6749's error code, with HubSpot's status and message beside it. */
    static Map<String, String> oauthError(String error, String status, String message) {
        return Map.of("error", error, "status", status, "message", message);
    }

    /** HubSpot's batch error item (StandardError): every field its schema requires. */
    static Map<String, Object> standardError(String category, String message, Map<String, List<String>> context) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", "error");
        error.put("category", category);
        error.put("message", message);
        error.put("context", context);
        error.put("errors", List.of());
        error.put("links", Map.of());
        return error;
    }
}
