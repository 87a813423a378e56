package com.nrsconnector.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.RoutingContext;

/**
 * The HubSpot stand-in's list of contact properties (for the send form's token picker): HubSpot's usual ones and every
 * other property a sandbox contact has, so a token picked there can be filled. Creating and reading single properties
 * (the install) is HubSpotOAuthSandbox's.
 */
@ApplicationScoped
public class HubSpotPropertyListSandbox {

    @Inject
    ObjectMapper json;

    @Inject
    HubSpotContactsSandbox contacts;

    /** GET /crm/v3/properties/contacts: HubSpot's usual contact properties, and any other a sandbox contact has. */
    void api(RoutingContext ctx, String path, JsonNode body, long portalId) {
        Map<String, String> labels = new TreeMap<>(Map.of(
                "firstname",
                "First Name",
                "lastname",
                "Last Name",
                "email",
                "Email",
                "phone",
                "Phone Number",
                "mobilephone",
                "Mobile Phone Number",
                "company",
                "Company Name",
                "city",
                "City",
                "mobile_phone_360nrs",
                "Mobile phone (360nrs)",
                "mobile_prefix_360nrs",
                "Mobile prefix (360nrs)",
                "hs_marketable_status",
                "Marketing contact status"));
        contacts.propertyNames().forEach(name -> labels.putIfAbsent(name, name));
        List<Map<String, Object>> results = new ArrayList<>();
        labels.forEach((name, label) -> {
            Map<String, Object> property = new LinkedHashMap<>();
            property.put("name", name);
            property.put("label", label);
            property.put("type", "string");
            property.put("fieldType", "text");
            property.put("groupName", "contactinformation");
            property.put("description", "");
            property.put("options", List.of());
            property.put("hidden", false);
            results.add(property);
        });
        SandboxResponses.json(ctx, json, 200, Map.of("results", results));
    }
}
