package com.nrsconnector.hubspot;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot's v3 request signature: base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)), timestamp in
 * epoch milliseconds and at most five minutes away. HubSpot documents decoding a few %-sequences of the URI, which its
 * own SDKs do not do, so a signature over either form is accepted.
 */
public final class HubSpotSignatureVerifier {

    public static final String SIGNATURE_HEADER = "X-HubSpot-Signature-v3";
    public static final String TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp";

    private static final Map<String, String> DECODED = Map.ofEntries(
            Map.entry("%3A", ":"), Map.entry("%2F", "/"), Map.entry("%3F", "?"), Map.entry("%40", "@"),
            Map.entry("%21", "!"), Map.entry("%24", "$"), Map.entry("%27", "'"), Map.entry("%28", "("),
            Map.entry("%29", ")"), Map.entry("%2A", "*"), Map.entry("%2C", ","), Map.entry("%3B", ";"));

    private final String clientSecret;
    private final Duration maxAge;
    private final Clock clock;

    public HubSpotSignatureVerifier(String clientSecret, Duration maxAge, Clock clock) {
        this.clientSecret = clientSecret;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Throws {@link SignatureRejectedException} saying why, or returns normally when the request is HubSpot's. */
    public void verify(String method, List<String> uriCandidates, String body, String timestamp, String signature) {
        if (signature == null || signature.isBlank()) {
            throw new SignatureRejectedException("missing " + SIGNATURE_HEADER + " header");
        }
        if (timestamp == null || timestamp.isBlank()) {
            throw new SignatureRejectedException("missing " + TIMESTAMP_HEADER + " header");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new SignatureRejectedException(TIMESTAMP_HEADER + " is not epoch milliseconds");
        }
        long age = clock.millis() - sentAt;
        long max = maxAge.toMillis();
        if (age > max || age < -max) {
            throw new SignatureRejectedException("request timestamp is outside the " + maxAge.toMinutes() + "-minute window");
        }
        byte[] given = signature.trim().getBytes(StandardCharsets.UTF_8);
        Set<String> uris = new LinkedHashSet<>();
        for (String uri : uriCandidates) {
            uris.add(uri);
            uris.add(decodeUri(uri));
        }
        for (String uri : uris) {
            byte[] expected = sign(clientSecret, method, uri, body, timestamp.trim()).getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(expected, given)) {
                return;
            }
        }
        throw new SignatureRejectedException("signature does not match");
    }

    public static String sign(String clientSecret, String method, String uri, String body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String source = method + uri + (body == null ? "" : body) + timestamp;
            return Base64.getEncoder().encodeToString(mac.doFinal(source.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String decodeUri(String uri) {
        StringBuilder out = new StringBuilder(uri.length());
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) == '%' && i + 3 <= uri.length()) {
                String replacement = DECODED.get(uri.substring(i, i + 3).toUpperCase());
                if (replacement != null) {
                    out.append(replacement);
                    i += 2;
                    continue;
                }
            }
            out.append(uri.charAt(i));
        }
        return out.toString();
    }

    public static final class SignatureRejectedException extends RuntimeException {
        public SignatureRejectedException(String message) {
            super(message);
        }
    }
}
