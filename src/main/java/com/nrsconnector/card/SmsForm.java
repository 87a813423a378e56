package com.nrsconnector.card;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.Header;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.messaging.Channel;
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
public class SmsForm extends SendFormSteps {

    private static final List<String> FIELDS =
            List.of(SendSmsInput.SENDER, SendSmsInput.MESSAGE, SendSmsInput.SHORTEN_URLS);

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

    public SmsForm() {
        super(FormLinks.SMS, "sms.html");
    }

    /** Route step: the contact's name and marketing status, and the portal's contact properties for the token picker. */
    public Context context(
            @Header("portalId") String portalId, @Header("contactId") String contactId, @Header("token") String token) {
        FormLinks.Link link = requests.link(FormLinks.SMS, portalId, contactId, token);
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
        FormRequestReader.Send send = requests.send(FormLinks.SMS, body, FIELDS);
        FormLinks.Link link = send.link();
        Map<String, String> inputs = send.inputs();
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
        return store(link, Channel.SMS, input.sender(), input.message(), inputs, contact, "SMS sent successfully");
    }
}
