package com.nrsconnector.card;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.Header;

import com.nrsconnector.messaging.Channel;
import com.nrsconnector.workflow.SendVoiceInput;
import com.nrsconnector.workflow.VoiceLanguages;
import com.nrsconnector.workflow.WorkflowActionParser;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Route steps of the "Send Voice Message" form the contact-record card opens: the page (static, filled in by its
 * script from {@link #context}), what it shows, and the send. A call is validated by the voice workflow action's own
 * field checks, stored and queued exactly like a workflow call (without a workflow to complete). Interactive calls are
 * made from workflows only.
 */
@ApplicationScoped
@Named("voiceForm")
@RegisterForReflection
public class VoiceForm extends SendFormSteps {

    /** What the form's script needs to show the form. */
    @RegisterForReflection
    public record Context(
            long portalId,
            String contactId,
            String contactName,
            List<CrmContacts.PropertyChoice> properties,
            Map<String, List<String>> languages,
            String expiresAt) {}

    @Inject
    VoiceLanguages languages;

    public VoiceForm() {
        super(FormLinks.VOICE, "voice.html");
    }

    /** Route step: the contact's name, the portal's contact properties, and the languages and voices offered. */
    public Context context(
            @Header("portalId") String portalId, @Header("contactId") String contactId, @Header("token") String token) {
        FormLinks.Link link = requests.link(FormLinks.VOICE, portalId, contactId, token);
        CrmContacts.Contact contact = crm.contact(link.portalId(), link.contactId());
        return new Context(
                link.portalId(),
                link.contactId(),
                contact.name(),
                crm.properties(link.portalId()),
                languages.offered(),
                link.expiresAt().toString());
    }

    /** Route step: validates, then stores and queues the call. */
    public Sent send(@Body String body) {
        FormRequestReader.Send send = requests.send(FormLinks.VOICE, body, SendVoiceInput.FIELDS);
        FormLinks.Link link = send.link();
        Map<String, String> inputs = send.inputs();
        FormRequests.checkAsForm(() -> WorkflowActionParser.checkSendVoiceInputs(inputs, languages.offered()));
        SendVoiceInput input = SendVoiceInput.from(inputs);
        CrmContacts.Contact contact = crm.contact(link.portalId(), link.contactId());
        return store(
                link,
                Channel.VOICE,
                input.caller(),
                input.locution(),
                inputs,
                contact,
                "Voice message sent successfully");
    }
}
