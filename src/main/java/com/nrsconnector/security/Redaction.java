package com.nrsconnector.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces credentials with {@value #MASK} wherever a request, a payload or an error is kept or shown. */
public final class Redaction {

    public static final String MASK = "***";

    private static final Set<String> CREDENTIAL_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token|api[-_]?key).*");
    private static final Pattern BASIC = Pattern.compile("(?i)\\b(Basic)\\s+([A-Za-z0-9+/]+={0,2})");
    // Real bearer tokens are long; a shorter word after "Bearer" is more likely prose than a credential.
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(Bearer)\\s+[A-Za-z0-9\\-._~+/]{16,}=*");
    private static final Pattern JSON_SECRET = Pattern.compile(
            "(?i)(\"[A-Za-z0-9_\\-]*(?:password|secret|token|api[-_]?key)[A-Za-z0-9_\\-]*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern ASSIGNED_SECRET = Pattern.compile(
            "(?i)\\b([A-Za-z0-9_\\-]*(?:password|secret|token|api[-_]?key)[A-Za-z0-9_\\-]*=)(?!\\*\\*\\*)[^&\\s,;)\\]}\"]+");

    private Redaction() {}

    /** Whether a header (or property) of this name carries a credential, so its value must never be kept. */
    public static boolean isCredentialHeader(String name) {
        return name != null
                && (CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                        || SECRET_NAME.matcher(name).matches()
                        || name.toLowerCase(Locale.ROOT).endsWith("authorization"));
    }

    /** An Authorization value with its scheme kept and its credentials masked: "Basic ***", "Bearer ***". */
    public static String authorization(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        int space = trimmed.indexOf(' ');
        return space < 0 ? MASK : trimmed.substring(0, space) + " " + MASK;
    }

    /** A header value fit to keep: credentials masked (scheme kept), anything else with credentials in it masked. */
    public static String header(String name, String value) {
        if (value == null) {
            return null;
        }
        return isCredentialHeader(name) ? authorization(value) : text(value);
    }

    /** A form body (a=1&b=2) with the values of the named fields masked. */
    public static String form(String body, Set<String> secretFields) {
        if (body == null || body.isEmpty()) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        for (String pair : body.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            out.append(eq >= 0 && secretFields.contains(name) ? pair.substring(0, eq + 1) + MASK : pair);
        }
        return out.toString();
    }

    /**
     * Free text (a payload, an error) with Basic and Bearer credentials and the values of password, secret and token
     * fields (JSON "name": "value", or name=value) masked.
     */
    public static String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = maskBasic(text);
        out = BEARER.matcher(out).replaceAll("$1 " + Matcher.quoteReplacement(MASK));
        out = JSON_SECRET.matcher(out).replaceAll("$1\"" + Matcher.quoteReplacement(MASK) + "\"");
        return ASSIGNED_SECRET.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }

    /** Only what decodes to user:password is a Basic credential; "Basic plan" in a message stays as it is. */
    private static String maskBasic(String text) {
        Matcher m = BASIC.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(
                    out, Matcher.quoteReplacement(isUserAndPassword(m.group(2)) ? m.group(1) + " " + MASK : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean isUserAndPassword(String candidate) {
        try {
            return new String(Base64.getDecoder().decode(candidate), StandardCharsets.UTF_8).indexOf(':') > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
