package com.nrsconnector.hubspot;

/** The endpoints of the HubSpot routes and the exchange properties a call carries through them. */
public final class HubSpotCall {

    /** Every HubSpot API call: body {@link HubSpotRequest}, answer the response JSON. */
    public static final String API = "direct:hubspot-api";
    /** The token refresh: body the form to post, answer a {@link TokenGrant}. */
    public static final String TOKEN = "direct:hubspot-oauth-token";
    /** The token information of an access token (body the token, answer the JSON: hub_id, scopes, ...). */
    public static final String TOKEN_INFO = "direct:hubspot-oauth-token-info";
    /** One HTTP exchange with HubSpot, under the portal's rate limit. */
    public static final String HTTP = "direct:hubspot-http";

    public static final String PORTAL_ID = "hubspotPortalId";
    public static final String METHOD = "hubspotMethod";
    public static final String PATH = "hubspotPath";
    /** "?" before the HTTP options, or "&" when the path carries a query of its own. */
    public static final String QUERY_SEPARATOR = "hubspotQuerySeparator";
    public static final String DESCRIPTION = "hubspotCall";
    public static final String REQUEST_JSON = "hubspotRequestJson";
    public static final String AUTHORIZATION = "hubspotAuthorization";
    /** The portal's request slot a call holds under the rate limit (released once answered). */
    public static final String RATE_SLOT = "hubspotRateSlot";

    private HubSpotCall() {
    }
}
