package com.nrsconnector.install;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.config.Urls;
import com.nrsconnector.hubspot.GrantRevokedException;
import com.nrsconnector.hubspot.HubSpotApiClient;
import com.nrsconnector.hubspot.HubSpotApiException;
import com.nrsconnector.hubspot.HubSpotCall;
import com.nrsconnector.hubspot.HubSpotRequest;
import com.nrsconnector.hubspot.TokenGrant;
import com.nrsconnector.store.PortalStore;

/**
 * The OAuth install: HubSpot's authorize URL for a new install, and what the callback does with the code (exchange
 * it for tokens, find the portal from the token, store the tokens encrypted, create the contact properties the
 * connector reads where they are missing). Every HubSpot call goes through the HubSpot routes.
 */
@ApplicationScoped
public class HubSpotInstall {

    private static final Logger LOG = Logger.getLogger(HubSpotInstall.class);

    /**
     * The contact properties the connector reads, and the one a confirmed unsubscribe sets
     * ({@code connector.unsubscribe.contact-property}); created when a portal lacks them.
     */
    List<Map<String, Object>> contactProperties() {
        Map<String, Object> optOut = property(
                config.unsubscribe().contactProperty(),
                "SMS opt-out (360nrs)",
                "bool",
                "booleancheckbox",
                "Set when the contact confirmed an unsubscribe link of an SMS sent through 360nrs.");
        optOut.put(
                "options",
                List.of(
                        Map.of("label", "Yes", "value", "true", "displayOrder", 0, "hidden", false),
                        Map.of("label", "No", "value", "false", "displayOrder", 1, "hidden", false)));
        return List.of(
                property(
                        "mobile_phone_360nrs",
                        "Mobile phone (360nrs)",
                        "phone_number",
                        "phonenumber",
                        "The number 360nrs messages go to; before mobilephone and phone."),
                property(
                        "mobile_prefix_360nrs",
                        "Mobile prefix (360nrs)",
                        "string",
                        "text",
                        "International prefix (e.g. 34) added to a number written without one."),
                optOut);
    }

    /** The install failed; the message is for the person installing. */
    public static class InstallFailedException extends RuntimeException {
        private final int status;

        public InstallFailedException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** What the callback found: the portal, and what could not be prepared in it (empty when all went well). */
    public record Installed(long portalId, List<String> warnings) {}

    @Inject
    ConnectorConfig config;

    @Inject
    OAuthStates states;

    @Inject
    PortalStore portals;

    @Inject
    HubSpotApiClient hubspot;

    @Inject
    ProducerTemplate producer;

    public String redirectUri() {
        return Urls.join(config.publicBaseUrl(), "/oauth/callback");
    }

    /** HubSpot's authorize URL with a fresh state. */
    public String authorizeUrl() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", config.hubspot().clientId());
        query.put("redirect_uri", redirectUri());
        query.put("scope", String.join(" ", config.hubspot().scopes()));
        List<String> optional = config.hubspot().optionalScopes();
        if (!optional.isEmpty()) {
            query.put("optional_scope", String.join(" ", optional));
        }
        query.put("state", states.issue());
        return Urls.join(config.hubspot().appBaseUrl(), "/oauth/authorize") + "?" + form(query);
    }

    /** Uses up a state the callback brought back with an error instead of a code. */
    public void consumeState(String state) {
        states.consume(state);
    }

    /** The callback: checks the state first, so nothing is asked or stored for a forged or replayed one. */
    public Installed complete(String code, String state) {
        if (!states.consume(state)) {
            throw new InstallFailedException(
                    400,
                    "This connection link is not valid or was already used. "
                            + "Start the connection again from the beginning.");
        }
        if (code == null || code.isEmpty() || code.length() > 1024 || !code.matches("[\\x21-\\x7e]+")) {
            throw new InstallFailedException(
                    400, "HubSpot did not send a usable authorization code. " + "Start the connection again.");
        }
        TokenGrant grant = exchange(code);
        long portalId = portalOf(grant.accessToken());
        portals.saveInstall(portalId, grant.accessToken(), grant.refreshToken(), grant.expiresAt());
        LOG.infof("portal %d: installed through OAuth", portalId);
        return new Installed(portalId, ensureContactProperties(portalId));
    }

    private TokenGrant exchange(String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", config.hubspot().clientId());
        form.put("client_secret", config.hubspot().clientSecret());
        form.put("redirect_uri", redirectUri());
        form.put("code", code);
        TokenGrant grant;
        try {
            grant = producer.requestBody(HubSpotCall.TOKEN, form(form), TokenGrant.class);
        } catch (CamelExecutionException e) {
            if (cause(e) instanceof GrantRevokedException) {
                throw new InstallFailedException(
                        400,
                        "HubSpot refused the authorization code (expired or already "
                                + "used). Start the connection again.");
            }
            LOG.warnf("the OAuth code exchange failed: %s", cause(e).getMessage());
            throw new InstallFailedException(
                    502, "HubSpot could not be reached to finish the connection. " + "Try again in a few minutes.");
        }
        if (grant == null || grant.refreshToken() == null) {
            throw new InstallFailedException(502, "HubSpot's answer had no refresh token. Try again.");
        }
        return grant;
    }

    private long portalOf(String accessToken) {
        JsonNode info;
        try {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("client_id", config.hubspot().clientId());
            form.put("client_secret", config.hubspot().clientSecret());
            form.put("token", accessToken);
            form.put("token_type_hint", "access_token");
            info = producer.requestBody(HubSpotCall.TOKEN_INTROSPECT, form(form), JsonNode.class);
        } catch (CamelExecutionException e) {
            LOG.warnf("the OAuth token information could not be read: %s", cause(e).getMessage());
            throw new InstallFailedException(
                    502, "HubSpot could not be reached to finish the connection. " + "Try again in a few minutes.");
        }
        // An inactive token (RFC 7662) says nothing about a portal, whatever else the answer carries.
        long hubId = info == null || !info.path("active").asBoolean(false)
                ? 0
                : info.path("hub_id").asLong(0);
        if (hubId <= 0) {
            throw new InstallFailedException(502, "HubSpot did not say which account was connected. Try again.");
        }
        return hubId;
    }

    /** Creates the properties the portal lacks; answers what could not be done (the install goes on without it). */
    List<String> ensureContactProperties(long portalId) {
        List<String> warnings = new ArrayList<>();
        for (Map<String, Object> property : contactProperties()) {
            String name = (String) property.get("name");
            try {
                if (!exists(portalId, name)) {
                    hubspot.call(HubSpotRequest.post(portalId, "/crm/v3/properties/contacts", property));
                    LOG.infof("portal %d: contact property %s created", portalId, name);
                }
            } catch (HubSpotApiException e) {
                LOG.warnf("portal %d: contact property %s could not be created: %s", portalId, name, e.getMessage());
                warnings.add("The contact property " + name + " could not be created in HubSpot"
                        + (e.status() == 403 ? " (the app was not granted crm.schemas.contacts.write)" : "")
                        + "; create it by hand or connect again.");
            }
        }
        return warnings;
    }

    private boolean exists(long portalId, String name) {
        try {
            hubspot.call(new HubSpotRequest(portalId, "GET", "/crm/v3/properties/contacts/" + name, null));
            return true;
        } catch (HubSpotApiException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static Map<String, Object> property(
            String name, String label, String type, String fieldType, String description) {
        Map<String, Object> property = new LinkedHashMap<>();
        property.put("name", name);
        property.put("label", label);
        property.put("type", type);
        property.put("fieldType", fieldType);
        property.put("groupName", "contactinformation");
        property.put("description", description);
        property.put("formField", false);
        return property;
    }

    private static Throwable cause(CamelExecutionException e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof HubSpotApiException) {
                return c;
            }
        }
        return e.getCause() == null ? e : e.getCause();
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
