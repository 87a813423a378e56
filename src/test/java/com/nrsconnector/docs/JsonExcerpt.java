package com.nrsconnector.docs;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An answer as the docs show it: the parts that matter. An object matches an object that has each of its fields with
 * a matching value (more fields are fine); an array matches an array holding matching elements in that order (others
 * may come between); a string with {@code …} matches any text in its place; numbers compare by value.
 */
final class JsonExcerpt {

    private static final String ANY = "…";

    private JsonExcerpt() {}

    static boolean matches(JsonNode excerpt, JsonNode actual) {
        if (actual == null || actual.isMissingNode()) {
            return false;
        }
        if (excerpt.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = excerpt.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!matches(field.getValue(), actual.get(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (excerpt.isArray()) {
            if (!actual.isArray()) {
                return false;
            }
            // The earliest match for each wanted element leaves the most room for the ones after it.
            int next = 0;
            for (JsonNode wanted : excerpt) {
                while (next < actual.size() && !matches(wanted, actual.get(next))) {
                    next++;
                }
                if (next == actual.size()) {
                    return false;
                }
                next++;
            }
            return true;
        }
        if (excerpt.isNumber()) {
            return actual.isNumber() && excerpt.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (excerpt.isTextual() && excerpt.asText().contains(ANY)) {
            return actual.isValueNode()
                    && wildcard(excerpt.asText()).matcher(actual.asText()).matches();
        }
        return excerpt.equals(actual);
    }

    private static Pattern wildcard(String text) {
        StringBuilder regex = new StringBuilder();
        for (String piece : text.split(ANY, -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(piece));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
