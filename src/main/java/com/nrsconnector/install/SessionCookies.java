package com.nrsconnector.install;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The session cookie the OAuth callback sets: {@code <portal>.<session id>.<expiry epoch seconds>.<HMAC>}, HttpOnly,
 * SameSite=Lax (the callback arrives from HubSpot as a top-level navigation), {@code Secure} when the connector is
 * served over https, scoped to /oauth. Nothing is stored on the server: a cookie that was altered or has expired is
 * refused.
 */
public final class SessionCookies {

    public static final String NAME = "nrs_connector_session";
    private static final String PURPOSE = "session";
    private static final String PATH = "/oauth";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern VALUE =
            Pattern.compile("[0-9]{1,18}\\.[A-Za-z0-9_-]{22}\\.[0-9]{1,12}\\.[A-Za-z0-9_-]{43}");

    private final Hmac hmac;
    private final Duration maxAge;
    private final boolean secure;
    private final Clock clock;

    public SessionCookies(String key, Duration maxAge, boolean secure, Clock clock) {
        this.hmac = new Hmac(key);
        this.maxAge = maxAge;
        this.secure = secure;
        this.clock = clock;
    }

    public Session open(long portalId) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return new Session(
                portalId,
                Base64.getUrlEncoder().withoutPadding().encodeToString(random),
                clock.instant().plus(maxAge));
    }

    /** The Set-Cookie header value that hands the session to the browser. */
    public String setCookie(Session session) {
        String value = session.portalId() + "." + session.id() + "."
                + session.expiresAt().getEpochSecond();
        return NAME + "=" + value + "." + hmac.sign(PURPOSE, value) + "; Path=" + PATH + "; Max-Age="
                + Math.max(
                        0,
                        Duration.between(clock.instant(), session.expiresAt()).toSeconds()) + attributes();
    }

    /** The Set-Cookie header value that removes the session from the browser. */
    public String clearCookie() {
        return NAME + "=; Path=" + PATH + "; Max-Age=0" + attributes();
    }

    private String attributes() {
        return "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The session named by a Cookie request header, if it holds an authentic, unexpired one. */
    public Optional<Session> read(String cookieHeader) {
        if (cookieHeader == null || cookieHeader.length() > 8192) {
            return Optional.empty();
        }
        for (String pair : cookieHeader.split(";")) {
            String trimmed = pair.trim();
            if (trimmed.startsWith(NAME + "=")) {
                Optional<Session> session = parse(trimmed.substring(NAME.length() + 1));
                if (session.isPresent()) {
                    return session;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Session> parse(String value) {
        if (!VALUE.matcher(value).matches()) {
            return Optional.empty();
        }
        int signatureAt = value.lastIndexOf('.');
        String signed = value.substring(0, signatureAt);
        if (!hmac.matches(PURPOSE, signed, value.substring(signatureAt + 1))) {
            return Optional.empty();
        }
        String[] parts = signed.split("\\.");
        Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[2]));
        if (!expiresAt.isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(new Session(Long.parseLong(parts[0]), parts[1], expiresAt));
    }
}
