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
import com.nrsconnector.messaging.Channel;
import com.nrsconnector.ops.LogText;
import com.nrsconnector.store.PortalStore;
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
public class VoiceForm {

    private static final Logger LOG = Logger.getLogger(VoiceForm.class);
    private static final List<String> FIELDS = List.of(
            SendVoiceInput.PHONE_PROPERTY,
            SendVoiceInput.COUNTRY,
            SendVoiceInput.CALLER,
            SendVoiceInput.LOCUTION_TYPE,
            SendVoiceInput.LANGUAGE,
            SendVoiceInput.VOICE,
            SendVoiceInput.TEXT,
            SendVoiceInput.AUDIO_URL,
            SendVoiceInput.CAMPAIGN_NAME);

    /** What the form's script needs to show the form. */
    @RegisterForReflection
    public record Context(
            long portalId,
            String contactId,
            String contactName,
            List<CrmContacts.PropertyChoice> properties,
            Map<String, List<String>> languages,
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

    @Inject
    VoiceLanguages languages;

    /** Route step: refuses a link that is not (or no longer) good for this form. */
    public void checkLink(
            @Header("portalId") String portalId, @Header("contactId") String contactId, @Header("token") String token) {
        links.check(FormLinks.VOICE, portalId, contactId, token);
    }

    /** The form page: static HTML, the same for everyone (the script fills it in with text only). */
    public HtmlPage page() {
        return new HtmlPage(200, assets.text("voice.html"), PagePolicy.FORM);
    }

    /** Route step: the contact's name, the portal's contact properties, and the languages and voices offered. */
    public Context context(
            @Header("portalId") String portalId, @Header("contactId") String contactId, @Header("token") String token) {
        FormLinks.Link link = links.check(FormLinks.VOICE, portalId, contactId, token);
        ContactCard.connectedPortal(portals, link.portalId());
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
        JsonNode root = FormRequests.readObject(json, body);
        FormLinks.Link link = links.check(
                FormLinks.VOICE,
                FormRequests.text(root, "portalId"),
                FormRequests.text(root, "contactId"),
                FormRequests.text(root, "token"));
        ContactCard.connectedPortal(portals, link.portalId());
        Map<String, String> inputs = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String value = FormRequests.text(root, field);
            if (value != null) {
                inputs.put(field, value);
            }
        }
        FormRequests.checkAsForm(() -> WorkflowActionParser.checkSendVoiceInputs(inputs, languages.offered()));
        SendVoiceInput input = SendVoiceInput.from(inputs);
        CrmContacts.Contact contact = crm.contact(link.portalId(), link.contactId());
        long messageId =
                sends.store(link, Channel.VOICE, input.caller(), input.locution(), inputs, contact.properties());
        LOG.infof(
                "voice form: message %d stored for portal %d contact %s",
                messageId, link.portalId(), LogText.of(link.contactId()));
        return new Sent("ok", "Voice message sent successfully", messageId, contact.name());
    }
}
