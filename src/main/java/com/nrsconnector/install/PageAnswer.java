package com.nrsconnector.install;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What an install or connection-page request is answered with; the route turns it into the HTTP status, the
 * {@code Location} and {@code Set-Cookie} headers (when not null) and the HTML body.
 */
@RegisterForReflection
public record PageAnswer(int status, String html, String location, String setCookie) {

    public static PageAnswer page(int status, String html) {
        return new PageAnswer(status, html, null, null);
    }

    public static PageAnswer redirect(String location, String setCookie) {
        return new PageAnswer(303, "", location, setCookie);
    }

    public PageAnswer withCookie(String cookie) {
        return new PageAnswer(status, html, location, cookie);
    }

    /** The HTML is left out: it may show a portal's details. */
    @Override
    public String toString() {
        return "PageAnswer[" + status + (location == null ? "" : " -> " + location) + "]";
    }
}
