package com.nrsconnector.unsubscribe;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a portal's unsubscribe page shows: its own text and logo. Unset values fall back to the default text in the
 * recipient's language and no logo. Values are checked before they are stored; the page escapes them whatever they
 * hold.
 */
@ApplicationScoped
@Named("unsubscribePageSettings")
@RegisterForReflection
public class UnsubscribePageSettings {

    public static final int MAX_TEXT_LENGTH = 1000;
    public static final int MAX_LOGO_URL_LENGTH = 2000;

    /** A portal's page settings; {@code null} text or logo means the default. */
    public record PageSettings(long portalId, String text, String logoUrl) {}

    @Inject
    Db db;

    public Optional<PageSettings> find(long portalId) {
        return db.queryOne(
                "SELECT page_text, logo_url FROM unsubscribe_page_settings WHERE portal_id = ?",
                row -> new PageSettings(portalId, row.getString(1), row.getString(2)),
                portalId);
    }

    /**
     * Stores the portal's text and logo (blank or {@code null} restores the default). A text over
     * {@value #MAX_TEXT_LENGTH} characters or with control characters other than line breaks and tabs, or a logo that
     * is not an absolute https URL, is refused with a 400 naming the field ({@code text} or {@code logoUrl}).
     */
    public PageSettings save(long portalId, String text, String logoUrl) {
        PageSettings settings = new PageSettings(portalId, validText(text), validLogoUrl(logoUrl));
        db.inTransaction(c -> {
            String update = "UPDATE unsubscribe_page_settings SET page_text = ?, logo_url = ?, "
                    + "updated_at = CURRENT_TIMESTAMP WHERE portal_id = ?";
            if (Db.update(c, update, settings.text(), settings.logoUrl(), portalId) == 0
                    && Db.update(
                                    c,
                                    "INSERT INTO unsubscribe_page_settings (portal_id, page_text, logo_url) "
                                            + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                    portalId,
                                    settings.text(),
                                    settings.logoUrl())
                            == 0) {
                // Another save inserted the row meanwhile: this one, the later, wins.
                Db.update(c, update, settings.text(), settings.logoUrl(), portalId);
            }
            return null;
        });
        return settings;
    }

    static String validText(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.length() > MAX_TEXT_LENGTH) {
            throw RequestRejectedException.badRequest(
                    "text",
                    "the page text is longer than " + MAX_TEXT_LENGTH + " characters (" + trimmed.length() + ")");
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char ch = trimmed.charAt(i);
            if (Character.isISOControl(ch) && ch != '\n' && ch != '\r' && ch != '\t') {
                throw RequestRejectedException.badRequest(
                        "text", "the page text holds a control character (only line breaks and tabs are allowed)");
            }
        }
        return trimmed;
    }

    static String validLogoUrl(String logoUrl) {
        if (logoUrl == null || logoUrl.isBlank()) {
            return null;
        }
        String url = logoUrl.strip();
        if (url.length() > MAX_LOGO_URL_LENGTH) {
            throw RequestRejectedException.badRequest(
                    "logoUrl", "the logo URL is longer than " + MAX_LOGO_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw RequestRejectedException.badRequest("logoUrl", "the logo URL is not a valid URL");
        }
        if (uri.getScheme() == null
                || !"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null
                || uri.getHost().isEmpty()) {
            throw RequestRejectedException.badRequest(
                    "logoUrl", "the logo URL must be an absolute https URL (https://host/path)");
        }
        if (uri.getRawUserInfo() != null) {
            throw RequestRejectedException.badRequest("logoUrl", "the logo URL must not hold a user name or password");
        }
        return uri.toASCIIString();
    }
}
