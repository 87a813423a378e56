package com.nrsconnector.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
