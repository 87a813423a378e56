package com.nrsconnector.hubspot;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot's request signatures. v3: base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)), timestamp in
 * epoch milliseconds and at most five minutes away. v2, which custom workflow actions and legacy CRM cards may carry
 * alone: hex(SHA-256(clientSecret + method + uri + body)), without a timestamp, so what a replay can do is bounded by the
 * endpoints (see docs/threat-model.md). v1 signs the body only and is refused. HubSpot documents decoding a
 * few %-sequences of the URI, which its own SDKs do not do, so a signature over either form is accepted.
 */
public final class HubSpotSignatureVerifier {

    public static final String SIGNATURE_HEADER = "X-HubSpot-Signature-v3";
    public static final String TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp";
    public static final String V2_SIGNATURE_HEADER = "X-HubSpot-Signature";
    public static final String VERSION_HEADER = "X-HubSpot-Signature-Version";

    private static final Map<String, String> DECODED = Map.ofEntries(
            Map.entry("%3A", ":"),
            Map.entry("%2F", "/"),
            Map.entry("%3F", "?"),
            Map.entry("%40", "@"),
            Map.entry("%21", "!"),
            Map.entry("%24", "$"),
            Map.entry("%27", "'"),
            Map.entry("%28", "("),
            Map.entry("%29", ")"),
            Map.entry("%2A", "*"),
            Map.entry("%2C", ","),
            Map.entry("%3B", ";"));

    private final String clientSecret;
    private final Duration maxAge;
    private final Clock clock;

    public HubSpotSignatureVerifier(String clientSecret, Duration maxAge, Clock clock) {
        this.clientSecret = clientSecret;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The signature headers of a request as received, null when absent. */
    public record SignatureHeaders(String v3Signature, String timestamp, String v2Signature, String version) {}

    /**
     * Checks v3 when the request carries a v3 header, otherwise v2; throws {@link SignatureRejectedException} saying
     * why, or returns normally when the request is HubSpot's.
     */
    public void verify(String method, List<String> uriCandidates, String body, SignatureHeaders headers) {
        if (present(headers.v3Signature()) || present(headers.timestamp())) {
            // v3 decides alone: a valid v2 signature next to a bad v3 one would let a replay drop the timestamp.
            verify(method, uriCandidates, body, headers.timestamp(), headers.v3Signature());
            return;
        }
        if (!present(headers.v2Signature()) && !present(headers.version())) {
            throw new SignatureRejectedException(
                    "missing " + SIGNATURE_HEADER + " or " + V2_SIGNATURE_HEADER + " header");
        }
        if (!present(headers.version())) {
            throw new SignatureRejectedException("missing " + VERSION_HEADER + " header");
        }
        String version = headers.version().trim();
        if ("v1".equalsIgnoreCase(version)) {
            throw new SignatureRejectedException("v1 signatures are not accepted, only v2 and v3");
        }
        if (!"v2".equalsIgnoreCase(version)) {
            throw new SignatureRejectedException("unsupported " + VERSION_HEADER + ", only v2 and v3 are accepted");
        }
        if (!present(headers.v2Signature())) {
            throw new SignatureRejectedException("missing " + V2_SIGNATURE_HEADER + " header");
        }
        verifyV2(method, uriCandidates, body, headers.v2Signature());
    }

    /** The v2 check alone: hex, which HubSpot sends in lowercase (case is ignored), compared in constant time. */
    public void verifyV2(String method, List<String> uriCandidates, String body, String signature) {
        byte[] given = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        for (String uri : withDecoded(uriCandidates)) {
            byte[] expected = signV2(clientSecret, method, uri, body).getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(expected, given)) {
                return;
            }
        }
        throw new SignatureRejectedException("signature does not match");
    }

    /** The v3 check alone. */
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
            throw new SignatureRejectedException(
                    "request timestamp is outside the " + maxAge.toMinutes() + "-minute window");
        }
        byte[] given = signature.trim().getBytes(StandardCharsets.UTF_8);
        for (String uri : withDecoded(uriCandidates)) {
            byte[] expected =
                    sign(clientSecret, method, uri, body, timestamp.trim()).getBytes(StandardCharsets.UTF_8);
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

    private static String signV2(String clientSecret, String method, String uri, String body) {
        try {
            String source = clientSecret + method + uri + (body == null ? "" : body);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean present(String header) {
        return header != null && !header.isBlank();
    }

    private static Set<String> withDecoded(List<String> uriCandidates) {
        Set<String> uris = new LinkedHashSet<>();
        for (String uri : uriCandidates) {
            uris.add(uri);
            uris.add(decodeUri(uri));
        }
        return uris;
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
