package com.nrsconnector.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import com.nrsconnector.config.ConnectorConfig;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * HTTP Basic for the operations API. User name and password are compared in constant time (over their SHA-256
 * digests, so neither the content nor the length of the configured values shows in the timing); the Authorization
 * header is dropped once checked, so it never reaches a log or a dead letter.
 */
@ApplicationScoped
@Named("opsAuthenticator")
@RegisterForReflection
public class OpsAuthenticator {

    public static final String CHALLENGE = "Basic realm=\"connector-ops\"";
    /** Exchange property holding the authenticated operator, recorded with each replay and discard. */
    public static final String OPERATOR = "opsOperator";

    @Inject
    ConnectorConfig config;

    /** Route step: sets {@link #OPERATOR} or throws {@link OpsAuthenticationException}. */
    public void verify(Exchange exchange) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        exchange.getMessage().removeHeader("Authorization");
        String operator = authenticate(header);
        if (operator == null) {
            throw new OpsAuthenticationException(
                    header == null || header.isBlank()
                            ? "the operations API needs HTTP Basic credentials"
                            : "the operations API credentials are not valid");
        }
        exchange.setProperty(OPERATOR, operator);
    }

    /** The user name when the header carries the configured credentials, otherwise null. */
    public String authenticate(String header) {
        String password = config.ops().password().orElse(null);
        if (header == null || password == null || password.isEmpty()) {
            return null;
        }
        String value = header.trim();
        if (value.length() < 6 || !value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        // Both compared every time, so a wrong user name takes as long as a wrong password.
        boolean userMatches = sameSecret(user, config.ops().username());
        boolean passwordMatches = sameSecret(decoded.substring(colon + 1), password);
        return userMatches & passwordMatches ? config.ops().username() : null;
    }

    private static boolean sameSecret(String given, String expected) {
        return MessageDigest.isEqual(sha256(given), sha256(expected));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
