package com.nrsconnector.card;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.config.Urls;
import com.nrsconnector.store.Db;

/**
 * The signed links from the contact-record card to a send form: issued for one portal and contact, short-lived, and
 * good for one send. That a link is used once is recorded in the database (its nonce, in the same transaction as the
 * message it sends), so it holds across connector instances.
 */
@ApplicationScoped
public class FormLinks {

    public static final String SMS = "sms";
    public static final String VOICE = "voice";

    private static final Pattern PORTAL_ID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern CONTACT_ID = Pattern.compile("[0-9]{1,64}");

    /** A form link that verified: whose form it opens, and its single-use key. */
    public record Link(String form, long portalId, String contactId, String nonce, Instant expiresAt) {
        @Override
        public String toString() {
            return "Link[" + form + ", portal " + portalId + ", contact " + contactId + "]";
        }
    }

    /** A link as the card hands it out. */
    public record Issued(String url, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[expiresAt=" + expiresAt + "]";
        }
    }

    private final ConnectorConfig config;
    private final Db db;
    private final FormLinkSigner signer;

    @Inject
    public FormLinks(ConnectorConfig config, Db db) {
        this.config = config;
        this.db = db;
        this.signer = new FormLinkSigner(config.card().formSigningKey(), Clock.systemUTC());
    }

    public Issued issue(String form, long portalId, String contactId) {
        FormLinkSigner.Issued issued =
                signer.issue(form, portalId, contactId, config.card().formLinkTtl());
        String url = Urls.join(config.publicBaseUrl(), "/forms/" + form) + "?portalId=" + portalId + "&contactId="
                + contactId + "&token=" + issued.token();
        return new Issued(url, issued.expiresAt());
    }

    /** The portal id of a request, checked: a positive number. */
    public static long portalId(String value) {
        if (value == null || value.isBlank()) {
            throw RequestRejectedException.badRequest("portalId", "portalId is required");
        }
        if (!PORTAL_ID.matcher(value).matches()) {
            throw RequestRejectedException.badRequest(
                    "portalId", "portalId must be the HubSpot portal's id, a positive number");
        }
        return Long.parseLong(value);
    }

    /** The contact id of a request, checked: HubSpot's record id, 1 to 64 digits. */
    public static String contactId(String value) {
        if (value == null || value.isBlank()) {
            throw RequestRejectedException.badRequest("contactId", "contactId is required");
        }
        if (!CONTACT_ID.matcher(value).matches()) {
            throw RequestRejectedException.badRequest(
                    "contactId", "contactId must be the contact's record id, a number of 1 to 64 digits");
        }
        return value;
    }

    /**
     * The link of a request to a form, refused unless it was issued for that form, portal and contact and its time is
     * not up; also refused once it has been used.
     */
    public Link check(String form, String portalId, String contactId, String token) {
        long portal = portalId(portalId);
        String contact = contactId(contactId);
        if (token == null || token.isBlank()) {
            throw RequestRejectedException.badRequest(
                    "token", "token is required: open the form from the contact record");
        }
        FormLinkSigner.Verified verified;
        try {
            verified = signer.verify(form, portal, contact, token);
        } catch (FormLinkSigner.TokenRefusedException e) {
            if (e.refusal() == FormLinkSigner.Refusal.EXPIRED) {
                throw new RequestRejectedException(
                        410, "this form link has expired; open the form again from the " + "contact record", "token");
            }
            throw new RequestRejectedException(
                    403,
                    "this form link is not valid for portal " + portal + " and contact " + contact
                            + "; open the form from the contact record",
                    "token");
        }
        Link link = new Link(form, portal, contact, verified.nonce(), verified.expiresAt());
        if (used(link)) {
            throw alreadyUsed();
        }
        return link;
    }

    /**
     * Records the link's one use in the caller's transaction; refused when it was used already (also by a request
     * that got there first on another instance: the nonce is the key).
     */
    public void useOnce(Connection c, Link link, long messageId) throws SQLException {
        // Links whose time is up are refused by their signature check; their rows are no longer needed.
        Db.update(
                c,
                "DELETE FROM form_link_use WHERE expires_at < ?",
                Instant.now().minus(config.card().formLinkTtl()));
        int inserted = Db.update(
                c,
                "INSERT INTO form_link_use (nonce, form, portal_id, contact_id, message_id, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                link.nonce(),
                link.form(),
                link.portalId(),
                link.contactId(),
                messageId,
                link.expiresAt());
        if (inserted == 0) {
            throw alreadyUsed();
        }
    }

    private boolean used(Link link) {
        return db.queryOne("SELECT 1 FROM form_link_use WHERE nonce = ?", row -> true, link.nonce())
                .isPresent();
    }

    private static RequestRejectedException alreadyUsed() {
        return new RequestRejectedException(
                409,
                "this form link has already been used to send a message; open the "
                        + "form again from the contact record to send another",
                "token");
    }
}
