package com.nrsconnector.install;

/**
 * The CSRF token every form of the connection page carries: an HMAC of the session id, so it is valid for that
 * session only and needs no storage.
 */
public final class CsrfTokens {

    public static final String FIELD = "csrf";
    private static final String PURPOSE = "csrf";

    private final Hmac hmac;

    public CsrfTokens(String key) {
        this.hmac = new Hmac(key);
    }

    public String tokenFor(Session session) {
        return hmac.sign(PURPOSE, session.portalId() + "." + session.id());
    }

    public boolean matches(Session session, String token) {
        return token != null
                && token.length() < 128
                && hmac.matches(PURPOSE, session.portalId() + "." + session.id(), token);
    }
}
