package com.nrsconnector.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a browser may do with a page the connector serves: its Content-Security-Policy and X-Frame-Options, written
 * here only. A null frame option sends no X-Frame-Options header.
 */
@RegisterForReflection
public enum PagePolicy {

    /**
     * Pages rendered without scripts (unsubscribe, install and connection pages): inline styles, images over https (a
     * portal's logo), forms posting to the connector only, never framed.
     */
    SCRIPTLESS(
            "default-src 'none'; style-src 'unsafe-inline'; img-src https:; form-action 'self'; "
                    + "frame-ancestors 'none'; base-uri 'none'",
            "DENY"),

    /**
     * The send forms: only the connector's own script and styles run, and only HubSpot (or the connector) may frame
     * them. X-Frame-Options cannot name HubSpot, so the forms send none.
     */
    FORM(
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
                    + "form-action 'self'; base-uri 'none'; frame-ancestors 'self' https://*.hubspot.com",
            null);

    private final String contentSecurityPolicy;
    private final String frameOptions;

    PagePolicy(String contentSecurityPolicy, String frameOptions) {
        this.contentSecurityPolicy = contentSecurityPolicy;
        this.frameOptions = frameOptions;
    }

    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    public String frameOptions() {
        return frameOptions;
    }
}
