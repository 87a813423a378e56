package com.nrsconnector.composition;

import java.util.LinkedHashMap;
import java.util.Map;

/** Campaign tracking parameters added to every link of a message; blank fields are simply not added. */
public record UtmParameters(String source, String medium, String campaign, String term, String content) {

    public static final UtmParameters NONE = new UtmParameters(null, null, null, null, null);

    public boolean isEmpty() {
        return asQueryParameters().isEmpty();
    }

    /** The non-blank fields as utm_* name -> stripped value, in the conventional order. */
    public Map<String, String> asQueryParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "utm_source", source);
        put(parameters, "utm_medium", medium);
        put(parameters, "utm_campaign", campaign);
        put(parameters, "utm_term", term);
        put(parameters, "utm_content", content);
        return parameters;
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (value != null && !value.isBlank()) {
            parameters.put(name, value.strip());
        }
    }
}
