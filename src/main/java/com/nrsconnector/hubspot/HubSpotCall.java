package com.nrsconnector.hubspot;

/** The endpoints of the HubSpot routes and the exchange properties a call carries through them. */
public final class HubSpotCall {

    /** Every HubSpot API call: body {@link HubSpotRequest}, answer the response JSON. */
    public static final String API = "direct:hubspot-api";
    /** The code exchange or token refresh: body the form to post, answer a {@link TokenGrant}. */
    public static final String TOKEN = "direct:hubspot-oauth-token";
    /** What HubSpot knows of a token (body the introspect form, answer the JSON: active, hub_id, scopes, ...). */
    public static final String TOKEN_INTROSPECT = "direct:hubspot-oauth-token-introspect";
    /** Revokes a token (body the revoke form); answers nothing, or throws a HubSpotApiException. */
    public static final String TOKEN_REVOKE = "direct:hubspot-oauth-token-revoke";
    /** One form post to an OAuth endpoint, to the {@link #PATH} ("/oauth/v3/..."). */
    public static final String OAUTH_FORM = "direct:hubspot-oauth-form";
    /** One HTTP exchange with HubSpot, under the portal's rate limit. */
    public static final String HTTP = "direct:hubspot-http";

    public static final String PORTAL_ID = "hubspotPortalId";
    public static final String METHOD = "hubspotMethod";
    public static final String PATH = "hubspotPath";
    /** "?" before the HTTP options, or "&" when the path carries a query of its own. */
    public static final String RESOURCE = "hubspotResource";

    public static final String QUERY = "hubspotQuery";
    public static final String DESCRIPTION = "hubspotCall";
    public static final String REQUEST_JSON = "hubspotRequestJson";
    public static final String AUTHORIZATION = "hubspotAuthorization";
    /** The portal's request slot a call holds under the rate limit (released once answered). */
    public static final String RATE_SLOT = "hubspotRateSlot";

    private HubSpotCall() {}
}
