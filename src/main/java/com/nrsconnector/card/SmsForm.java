package com.nrsconnector.card;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.api.HtmlPage;
import com.nrsconnector.api.PagePolicy;
import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.messaging.Channel;
import com.nrsconnector.ops.LogText;
import com.nrsconnector.store.PortalStore;
import com.nrsconnector.workflow.SendSmsInput;
import com.nrsconnector.workflow.WorkflowActionParser;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Route steps of the "Send SMS" form the contact-record card opens: the page (static, filled in by its script from
 * {@link #context}), what it shows about the contact, and the send. A send is validated by the workflow action's own
 * field checks, stored and queued exactly like a workflow send (without a workflow to complete), and allowed only to
 * HubSpot marketing contacts.
 */
@ApplicationScoped
@Named("smsForm")
@RegisterForReflection
public class SmsForm {

    private static final Logger LOG = Logger.getLogger(SmsForm.class);

    /** What the form's script needs to show the form. */
    @RegisterForReflection
    public record Context(
            long portalId,
            String contactId,
            String contactName,
            boolean marketingContact,
            List<CrmContacts.PropertyChoice> properties,
            String unsubscribePlaceholder,
            String expiresAt) {}

    /** The answer to a send. */
    @RegisterForReflection
    public record Sent(String status, String message, long messageId, String contactName) {}

    @Inject
    FormLinks links;

    @Inject
    FormSends sends;

    @Inject
    PortalStore portals;

    @Inject
    CrmContacts crm;

    @Inject
    ObjectMapper json;

    @Inject
    FormAssets assets;

    /** Route step: refuses a link that is not (or no longer) good for this form. */
    public void checkLink(
            @Header("portalId") String portalId, @Header("contactId") String contactId, @Header("token") String token) {
        links.check(FormLinks.SMS, portalId, contactId, token);
    }

    /** The form page: static HTML, the same for everyone (the script fills it in with text only). */
    public HtmlPage page() {
        return new HtmlPage(200, assets.text("sms.html"), PagePolicy.FORM);
    }

    /** Route step: the contact's name and marketing status, and the portal's contact properties for the token picker. */
    public Context context(
            @Header("portalId") String portalId, @Header("contactId") String contactId, @Header("token") String token) {
        FormLinks.Link link = links.check(FormLinks.SMS, portalId, contactId, token);
        ContactCard.connectedPortal(portals, link.portalId());
        CrmContacts.Contact contact = crm.contact(link.portalId(), link.contactId());
        List<CrmContacts.PropertyChoice> properties = crm.properties(link.portalId());
        return new Context(
                link.portalId(),
                link.contactId(),
                contact.name(),
                contact.marketing(),
                properties,
                "{UNSUB_URL}",
                link.expiresAt().toString());
    }

    /** Route step: validates, checks the contact is a marketing contact, then stores and queues the SMS. */
    public Sent send(@Body String body) {
        JsonNode root = FormRequests.readObject(json, body);
        FormLinks.Link link = links.check(
                FormLinks.SMS,
                FormRequests.text(root, "portalId"),
                FormRequests.text(root, "contactId"),
                FormRequests.text(root, "token"));
        ContactCard.connectedPortal(portals, link.portalId());
        Map<String, String> inputs = new LinkedHashMap<>();
        putIfPresent(inputs, SendSmsInput.SENDER, FormRequests.text(root, SendSmsInput.SENDER));
        putIfPresent(inputs, SendSmsInput.MESSAGE, FormRequests.text(root, SendSmsInput.MESSAGE));
        putIfPresent(inputs, SendSmsInput.SHORTEN_URLS, FormRequests.text(root, SendSmsInput.SHORTEN_URLS));
        FormRequests.checkAsForm(() -> WorkflowActionParser.checkSendSmsInputs(inputs));
        SendSmsInput input = SendSmsInput.from(inputs);
        CrmContacts.Contact contact = crm.contact(link.portalId(), link.contactId());
        if (!contact.marketing()) {
            throw new RequestRejectedException(
                    403,
                    contact.name() + " is not a marketing contact: SMS can be sent from "
                            + "the contact record to marketing contacts only",
                    "contact");
        }
        long messageId = sends.store(link, Channel.SMS, input.sender(), input.message(), inputs, contact.properties());
        LOG.infof(
                "send form: message %d stored for portal %d contact %s",
                messageId, link.portalId(), LogText.of(link.contactId()));
        return new Sent("ok", "SMS sent successfully", messageId, contact.name());
    }

    private static void putIfPresent(Map<String, String> inputs, String name, String value) {
        if (value != null) {
            inputs.put(name, value);
        }
    }
}
