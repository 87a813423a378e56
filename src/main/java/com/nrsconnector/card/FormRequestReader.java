package com.nrsconnector.card;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.store.PortalStore;

/**
 * What the send forms do alike before their own checks: the link, good for the form and for a portal still connected,
 * and a posted send read into its link and the input fields it gives.
 */
@ApplicationScoped
public class FormRequestReader {

    /** A posted send: its checked link, and the form's input fields it gives, in the form's order. */
    public record Send(FormLinks.Link link, Map<String, String> inputs) {}

    @Inject
    FormLinks links;

    @Inject
    PortalStore portals;

    @Inject
    ObjectMapper json;

    /** The link, refused unless it is good for this form and its portal is (still) connected. */
    public FormLinks.Link link(String form, String portalId, String contactId, String token) {
        FormLinks.Link link = links.check(form, portalId, contactId, token);
        ContactCard.connectedPortal(portals, link.portalId());
        return link;
    }

    /** The send posted to a form: its link checked as {@link #link} does, and those of {@code fields} it gives. */
    public Send send(String form, String body, List<String> fields) {
        JsonNode root = FormRequests.readObject(json, body);
        FormLinks.Link link = link(
                form,
                FormRequests.text(root, "portalId"),
                FormRequests.text(root, "contactId"),
                FormRequests.text(root, "token"));
        // Absent fields stay absent so the workflow action's checks see what the form left out.
        Map<String, String> inputs = new LinkedHashMap<>();
        for (String field : fields) {
            String value = FormRequests.text(root, field);
            if (value != null) {
                inputs.put(field, value);
            }
        }
        return new Send(link, inputs);
    }
}
