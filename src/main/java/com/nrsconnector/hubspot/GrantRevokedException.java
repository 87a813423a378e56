package com.nrsconnector.hubspot;

/** HubSpot refused the portal's refresh token (invalid_grant): the app was uninstalled or its access revoked. */
public class GrantRevokedException extends HubSpotApiException {

    public GrantRevokedException(String message) {
        super(message, 400, false, null);
    }
}
