package com.nrsconnector.composition;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Header;
import org.jboss.logging.Logger;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.messaging.MessageStatus;
import com.nrsconnector.messaging.ProviderEventInbox;
import com.nrsconnector.ops.LogText;
import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Route step of GET /l/{code}: counts the click, raises SMS_CLICKED once per message, and redirects to the link. An
 * unknown code is a 404 in the connector's JSON error shape.
 */
@ApplicationScoped
@Named("shortLinkRedirect")
@RegisterForReflection
public class ShortLinkRedirect {

    private static final Logger LOG = Logger.getLogger(ShortLinkRedirect.class);
    /** Issued codes are 8 base62 characters (ShortCodeGenerator); the column holds 32. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9]{1,32}");

    record Link(long messageId, String url) {}

    @Inject
    Db db;

    @Inject
    ProviderEventInbox inbox;

    /** Route step: counts the click and answers where to redirect (RFC 3986-encoded), or refuses with a 404. */
    public String click(@Header("code") String code) {
        // Anything that is not a code of ours never reaches the database (a NUL fails PostgreSQL's query).
        Optional<Link> link = code == null || !CODE.matcher(code).matches()
                ? Optional.empty()
                : db.queryOne(
                        "SELECT message_id, url FROM short_link WHERE code = ?",
                        row -> new Link(row.getLong(1), row.getString(2)),
                        code);
        if (link.isEmpty()) {
            throw RequestRejectedException.notFound("This link does not exist or has expired.");
        }
        Instant now = Instant.now();
        db.update(
                "UPDATE short_link SET clicks = clicks + 1, last_clicked_at = ?, "
                        + "first_clicked_at = COALESCE(first_clicked_at, ?) WHERE code = ?",
                now,
                now,
                code);
        String outcome = inbox.record(
                link.get().messageId(),
                MessageStatus.CLICKED,
                "click",
                code,
                "clicked " + link.get().url());
        LOG.debugf("message %d: click on %s: %s", link.get().messageId(), LogText.of(code), outcome);
        return UriEncoding.forLocation(link.get().url());
    }
}
