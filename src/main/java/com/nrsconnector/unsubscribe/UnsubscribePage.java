package com.nrsconnector.unsubscribe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.Header;

import com.nrsconnector.api.HtmlPage;
import com.nrsconnector.composition.UnsubscribeTokenSigner;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.MessageRecord;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.security.CallbackSigner;
import com.nrsconnector.unsubscribe.UnsubscribePageSettings.PageSettings;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Route steps of the unsubscribe page behind {@code {UNSUB_URL}} ({@code /u/<token>}, routes/unsubscribe.yaml). The
 * signed token names the message; the page asks for confirmation, and the confirmation (a form POST carrying a nonce
 * signed for that message) records the opt-out of that number on that channel for the message's portal, queues the
 * contact's opt-out property for HubSpot, and raises UNSUBSCRIBED on the message's timeline. A link that is not one
 * the connector issued (forged, altered, or for a message never sent) gets an error page and changes nothing;
 * confirming again changes nothing more.
 */
@ApplicationScoped
@Named("unsubscribePage")
@RegisterForReflection
public class UnsubscribePage {

    static final String NONCE_PURPOSE = "unsub-confirm";
    /** HubSpot's contact property for the contact's preferred language. */
    static final String CONTACT_LANGUAGE = "hs_language";

    private static final int MAX_FORM_LENGTH = 4096;

    @Inject
    ConnectorConfig config;

    @Inject
    MessageStore messages;

    @Inject
    SmsOptOut smsOptOut;

    @Inject
    OptOutStore optOuts;

    @Inject
    UnsubscribePageSettings pageSettings;

    @Inject
    CallbackSigner signer;

    private UnsubscribeTokenSigner tokens;

    /** The message a link leads to, or the error page it gets instead. */
    private record Resolved(MessageRecord message, HtmlPage error) {}

    @PostConstruct
    void init() {
        tokens = new UnsubscribeTokenSigner(config.secrets().signingKey());
    }

    /** Route step of GET /u/{token}: the confirmation page, or the result page for a number that opted out already. */
    public HtmlPage show(@Header("token") String token, @Header("Accept-Language") String acceptLanguage) {
        Resolved resolved = resolve(token, acceptLanguage);
        if (resolved.error() != null) {
            return resolved.error();
        }
        MessageRecord message = resolved.message();
        PageLanguage language = language(message, acceptLanguage);
        Optional<PageSettings> settings = pageSettings.find(message.portalId());
        String logo = settings.map(PageSettings::logoUrl).orElse(null);
        if (optOuts.find(message.portalId(), message.channel(), message.phone()).isPresent()) {
            return new HtmlPage(200, UnsubscribePageRenderer.result(language, logo, true));
        }
        return new HtmlPage(
                200,
                UnsubscribePageRenderer.confirmation(
                        language,
                        settings.map(PageSettings::text).orElse(null),
                        logo,
                        message.phone(),
                        token,
                        signer.sign(NONCE_PURPOSE, message.id())));
    }

    /**
     * Route step of POST /u/{token}: checks the confirmation nonce (form field {@code confirm}), records the opt-out and
     * raises UNSUBSCRIBED. Idempotent: a second confirmation finds the opt-out recorded and changes nothing.
     */
    public HtmlPage confirm(
            @Header("token") String token,
            @Header("Accept-Language") String acceptLanguage,
            @Header("confirm") String confirmField,
            @Body String form) {
        Resolved resolved = resolve(token, acceptLanguage);
        if (resolved.error() != null) {
            return resolved.error();
        }
        MessageRecord message = resolved.message();
        PageLanguage language = language(message, acceptLanguage);
        String nonce = confirmField != null ? confirmField : formField(form, "confirm");
        if (!signer.verify(NONCE_PURPOSE, message.id(), nonce)) {
            return new HtmlPage(400, UnsubscribePageRenderer.error(language, language.unreadableConfirmation));
        }
        OptOutStore.OptOut optOut = smsOptOut.optOut(
                message, OptOutStore.UNSUBSCRIBE_LINK, "unsubscribe page", "unsubscribed through the unsubscribe link");
        String logo =
                pageSettings.find(message.portalId()).map(PageSettings::logoUrl).orElse(null);
        return new HtmlPage(200, UnsubscribePageRenderer.result(language, logo, !optOut.recordedNow()));
    }

    private Resolved resolve(String token, String acceptLanguage) {
        PageLanguage language = PageLanguage.choose(null, acceptLanguage);
        if (!UnsubscribeTokenSigner.wellFormed(token)) {
            return new Resolved(null, new HtmlPage(400, UnsubscribePageRenderer.error(language, language.invalidLink)));
        }
        OptionalLong messageId = tokens.verify(token);
        Optional<MessageRecord> message =
                messageId.isPresent() ? messages.find(messageId.getAsLong()) : Optional.empty();
        // Only a message that went out on SMS to a known number can be unsubscribed from.
        if (message.isEmpty()
                || message.get().channel() != Channel.SMS
                || message.get().phone() == null
                || message.get().phone().isEmpty()) {
            return new Resolved(null, new HtmlPage(404, UnsubscribePageRenderer.error(language, language.invalidLink)));
        }
        return new Resolved(message.get(), null);
    }

    private static PageLanguage language(MessageRecord message, String acceptLanguage) {
        return PageLanguage.choose(message.contactProperties().get(CONTACT_LANGUAGE), acceptLanguage);
    }

    /** One field of an application/x-www-form-urlencoded body; null if absent or unreadable. */
    static String formField(String form, String name) {
        if (form == null || form.length() > MAX_FORM_LENGTH) {
            return null;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals(key)) {
                try {
                    return URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return null;
                }
            }
        }
        return null;
    }
}
