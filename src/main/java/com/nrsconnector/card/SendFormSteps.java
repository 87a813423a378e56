package com.nrsconnector.card;

import java.util.Map;

import jakarta.inject.Inject;

import org.apache.camel.Header;
import org.jboss.logging.Logger;

import com.nrsconnector.api.HtmlPage;
import com.nrsconnector.api.PagePolicy;
import com.nrsconnector.messaging.Channel;
import com.nrsconnector.ops.LogText;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The route steps the send forms take alike: the link check before the page, the page itself, and the store of a send
 * that passed the form's own checks. Each form adds what it shows ({@code context}) and what it checks ({@code send}).
 */
@RegisterForReflection
public abstract class SendFormSteps {

    private static final Logger LOG = Logger.getLogger(SendFormSteps.class);

    /** The answer to a send. */
    @RegisterForReflection
    public record Sent(String status, String message, long messageId, String contactName) {}

    @Inject
    FormLinks links;

    @Inject
    FormRequestReader requests;

    @Inject
    FormSends sends;

    @Inject
    CrmContacts crm;

    @Inject
    FormAssets assets;

    private final String form;
    private final String pageFile;

    /** The form's name in its links ({@link FormLinks#SMS}, ...) and its page's file. */
    protected SendFormSteps(String form, String pageFile) {
        this.form = form;
        this.pageFile = pageFile;
    }

    /** Route step: refuses a link that is not (or no longer) good for this form. */
    public void checkLink(
            @Header("portalId") String portalId, @Header("contactId") String contactId, @Header("token") String token) {
        links.check(form, portalId, contactId, token);
    }

    /** The form page: static HTML, the same for everyone (the script fills it in with text only). */
    public HtmlPage page() {
        return new HtmlPage(200, assets.text(pageFile), PagePolicy.FORM);
    }

    /** Stores and queues a send the form has checked, and answers it with {@code sentText}. */
    protected Sent store(
            FormLinks.Link link,
            Channel channel,
            String sender,
            String template,
            Map<String, String> inputs,
            CrmContacts.Contact contact,
            String sentText) {
        long messageId = sends.store(link, channel, sender, template, inputs, contact.properties());
        LOG.infof(
                "%s form: message %d stored for portal %d contact %s",
                form, messageId, link.portalId(), LogText.of(link.contactId()));
        return new Sent("ok", sentText, messageId, contact.name());
    }
}
