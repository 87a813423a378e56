package com.nrsconnector.install;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An application/x-www-form-urlencoded body. A field sent twice, a malformed escape or a field longer than the
 * limit makes the form unreadable ({@link #read} answers null), never an exception.
 */
public final class FormFields {

    static final int MAX_FIELD_LENGTH = 4096;
    static final int MAX_FIELDS = 20;

    private FormFields() {}

    /**
     * The fields of a form the HTTP layer decoded already (a field sent twice arrives as a list: the form is then
     * unreadable).
     */
    public static Map<String, String> read(Map<String, Object> decoded) {
        if (decoded == null) {
            return null;
        }
        if (decoded.size() > MAX_FIELDS) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        for (Map.Entry<String, Object> field : decoded.entrySet()) {
            if (!(field.getValue() instanceof String value) || value.length() > MAX_FIELD_LENGTH) {
                return null;
            }
            fields.put(field.getKey(), value);
        }
        return fields;
    }

    public static Map<String, String> read(String body) {
        Map<String, String> fields = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        String[] pairs = body.split("&", -1);
        if (pairs.length > MAX_FIELDS) {
            return null;
        }
        try {
            for (String pair : pairs) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (value.length() > MAX_FIELD_LENGTH || fields.put(name, value) != null) {
                    return null;
                }
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return fields;
    }
}
