package com.nrsconnector.hubspot;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One call to HubSpot's API on behalf of a portal, as the body of an exchange sent to {@code direct:hubspot-api}.
 * The body is written as JSON by Jackson; {@code null} sends none.
 */
@RegisterForReflection
public record HubSpotRequest(long portalId, String method, String path, Object body) {

    public static HubSpotRequest post(long portalId, String path, Object body) {
        return new HubSpotRequest(portalId, "POST", path, body);
    }

    /** A read; the path may carry a query (values URL-encoded). */
    public static HubSpotRequest get(long portalId, String path) {
        return new HubSpotRequest(portalId, "GET", path, null);
    }

    /** The path without its query. */
    public String resource() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** The query (values URL-encoded), or null when the path has none. */
    public String query() {
        int q = path.indexOf('?');
        return q < 0 || q == path.length() - 1 ? null : path.substring(q + 1);
    }

    public String describe() {
        return method + " " + path;
    }

    /** The body is left out: it may hold contact data. */
    @Override
    public String toString() {
        return "HubSpotRequest[portal " + portalId + ", " + describe() + "]";
    }
}
