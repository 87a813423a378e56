package com.nrsconnector.card;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.hubspot.GrantRevokedException;
import com.nrsconnector.hubspot.HubSpotApiClient;
import com.nrsconnector.hubspot.HubSpotApiException;
import com.nrsconnector.hubspot.HubSpotRequest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the send forms read from HubSpot, through the connector's HubSpot route ({@code direct:hubspot-api}: token,
 * rate limit, metrics): the contact (name, marketing status) and the portal's contact properties for the token picker.
 */
@ApplicationScoped
public class CrmContacts {

    /** HubSpot's marketing contact status; SMS from the record go only to marketing contacts. */
    static final String MARKETABLE_STATUS = "hs_marketable_status";

    static final List<String> CONTACT_PROPERTIES = List.of("firstname", "lastname", "email", MARKETABLE_STATUS);

    /** The contact as the form needs it. Its values are the contact's, untrusted: pages show them as text only. */
    public record Contact(String id, String name, boolean marketing, Map<String, String> properties) {
        @Override
        public String toString() {
            return "Contact[" + id + "]";
        }
    }

    /** One contact property the token picker offers. */
    @RegisterForReflection
    public record PropertyChoice(String name, String label) {}

    @Inject
    HubSpotApiClient hubspot;

    public Contact contact(long portalId, String contactId) {
        Map<String, String> properties;
        try {
            properties = hubspot.batchReadContacts(portalId, List.of(contactId), CONTACT_PROPERTIES)
                    .get(contactId);
        } catch (HubSpotApiException e) {
            throw unavailable(portalId, e);
        }
        if (properties == null) {
            throw RequestRejectedException.notFound(
                    "contact " + contactId + " was not found in HubSpot portal " + portalId);
        }
        return new Contact(
                contactId,
                name(contactId, properties),
                "true"
                        .equalsIgnoreCase(
                                properties.getOrDefault(MARKETABLE_STATUS, "").trim()),
                properties);
    }

    /** The portal's visible contact properties, by label. */
    public List<PropertyChoice> properties(long portalId) {
        JsonNode answer;
        try {
            answer = hubspot.call(new HubSpotRequest(portalId, "GET", "/crm/v3/properties/contacts", null));
        } catch (HubSpotApiException e) {
            throw unavailable(portalId, e);
        }
        List<PropertyChoice> choices = new ArrayList<>();
        for (JsonNode property : answer.path("results")) {
            String name = property.path("name").asText("");
            if (property.path("hidden").asBoolean(false)
                    || property.path("archived").asBoolean(false)
                    || !name.matches("[A-Za-z0-9_]{1,100}")) {
                continue;
            }
            String label = property.path("label").asText("");
            choices.add(new PropertyChoice(name, label.isBlank() ? name : label));
        }
        choices.sort(Comparator.comparing(PropertyChoice::label, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(PropertyChoice::name));
        return choices;
    }

    private static String name(String contactId, Map<String, String> properties) {
        String full = (Optional.ofNullable(properties.get("firstname")).orElse("") + " "
                        + Optional.ofNullable(properties.get("lastname")).orElse(""))
                .strip();
        if (!full.isEmpty()) {
            return full;
        }
        String email = properties.get("email");
        return email != null && !email.isBlank() ? email.strip() : "contact " + contactId;
    }

    private static RequestRejectedException unavailable(long portalId, HubSpotApiException e) {
        if (e instanceof GrantRevokedException) {
            return new RequestRejectedException(
                    409,
                    "portal " + portalId + " has been disconnected from HubSpot; reconnect it before sending",
                    null);
        }
        return new RequestRejectedException(
                502, "HubSpot did not answer as expected (" + e.getMessage() + "); try again in a moment", null);
    }
}
