package com.nrsconnector.hubspot;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.ConnectorConfig;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Route steps for reading app lifecycle events from HubSpot's webhooks journal (the new developer platform writes
 * APP_INSTALL / APP_UNINSTALL there instead of calling a webhook): the app's client-credentials token, kept until
 * shortly before it expires; whether the APP_LIFECYCLE_EVENT subscription exists; the journal page to read next and
 * the entries it lists. A failed read is logged once, not on every tick, until a read succeeds again.
 */
@ApplicationScoped
@Named("webhooksJournal")
@RegisterForReflection
public class WebhooksJournal {

    private static final Logger LOG = Logger.getLogger(WebhooksJournal.class);
    public static final String JOURNAL_PATH = "/webhooks-journal/journal/2026-03";
    public static final String SUBSCRIPTIONS_PATH = "/webhooks-journal/subscriptions/2026-03";
    /** The scopes the journal spec's operations require: reading entries, listing and creating subscriptions. */
    public static final List<String> SCOPES = List.of(
            "webhooks-journal-data-access",
            "webhooks-journal-subscription-read",
            "webhooks-journal-subscription-management");
    /** A token is asked for again this long before it expires. */
    static final Duration TOKEN_MARGIN = Duration.ofMinutes(5);

    /** One journal entry: the offset before it (null for the journal's first), its own, where its events are. */
    public record Entry(String previous, String offset, String url) {}

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    Clock clock = Clock.systemUTC();

    private volatile String token;
    private volatile Instant tokenExpiresAt = Instant.MIN;
    private volatile boolean subscribed;
    private volatile String lastFailure;

    // ---------------------------------------------------------------- client-credentials token

    public String tokenRequest() {
        return "grant_type=client_credentials&client_id="
                + encode(config.hubspot().clientId()) + "&client_secret="
                + encode(config.hubspot().clientSecret()) + "&scope=" + encode(String.join(" ", SCOPES));
    }

    /** The Authorization header value while the token kept is good; null when a new one is needed. */
    public String cachedAuthorization() {
        return token != null && clock.instant().isBefore(tokenExpiresAt.minus(TOKEN_MARGIN)) ? "Bearer " + token : null;
    }

    /** Keeps the token HubSpot granted and answers the Authorization header value. */
    public String grantedAuthorization(@Body String body) {
        JsonNode answer = readJson(body, "the client-credentials grant");
        String access = answer.path("access_token").asText("");
        long expiresIn = answer.path("expires_in").asLong(0);
        if (access.isBlank() || expiresIn <= 0) {
            throw new JournalAnswerException("the client-credentials grant has no access_token and expires_in");
        }
        token = access;
        tokenExpiresAt = clock.instant().plusSeconds(expiresIn);
        return "Bearer " + access;
    }

    // ---------------------------------------------------------------- the lifecycle subscription

    /** Whether the APP_LIFECYCLE_EVENT subscription is known to exist (checked at start and after a failed read). */
    public boolean subscribed() {
        return subscribed;
    }

    /** Reads the app's subscriptions (GET subscriptions): whether one is for app lifecycle events. */
    public boolean lifecycleSubscriptionListed(@Body String body) {
        JsonNode results = readJson(body, "the subscription list").path("results");
        if (!results.isArray()) {
            throw new JournalAnswerException("the subscription list has no results array");
        }
        for (JsonNode subscription : results) {
            if ("APP_LIFECYCLE_EVENT"
                            .equals(subscription.path("subscriptionType").asText())
                    && subscription.path("deletedAt").isMissingNode()) {
                subscribed = true;
                return true;
            }
        }
        return false;
    }

    /** The body that creates the subscription (AppLifecycleEventSubscriptionUpsertRequest). */
    public String subscriptionRequest() throws JsonProcessingException {
        return json.writeValueAsString(Map.of(
                "subscriptionType",
                "APP_LIFECYCLE_EVENT",
                "eventTypeId",
                "APP_LIFECYCLE_EVENT",
                "properties",
                List.of()));
    }

    public void subscriptionCreated(@Body String body) {
        JsonNode created = readJson(body, "the created subscription");
        if (!"APP_LIFECYCLE_EVENT".equals(created.path("subscriptionType").asText())) {
            throw new JournalAnswerException("the created subscription is not an APP_LIFECYCLE_EVENT one");
        }
        LOG.infof(
                "webhooks journal: APP_LIFECYCLE_EVENT subscription %s created",
                created.path("id").asText());
        subscribed = true;
    }

    // ---------------------------------------------------------------- journal pages

    /** The next page: the earliest entries before the first read, else those after the offset read to. */
    public String pagePath(JournalCursor.Claim claim) {
        int count = config.hubspot().journalPageSize();
        return claim.offset() == null
                ? JOURNAL_PATH + "/batch/earliest/" + count
                : JOURNAL_PATH + "/batch/" + claim.offset() + "/next/" + count;
    }

    /** The entries of a page (BatchResponseJournalFetchResponse) read after {@code offset}, in journal order. */
    public List<Entry> entries(String body, String offset) {
        String previous = offset;
        JsonNode results = readJson(body, "the journal page").path("results");
        if (!results.isArray()) {
            throw new JournalAnswerException("the journal page has no results array");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode result : results) {
            String current = result.path("currentOffset").asText("");
            String url = result.path("url").asText("");
            try {
                UUID.fromString(current);
            } catch (IllegalArgumentException e) {
                throw new JournalAnswerException("a journal entry's currentOffset is not a UUID: " + current);
            }
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw new JournalAnswerException("a journal entry's url is not an HTTP URL");
            }
            entries.add(new Entry(previous, current, url));
            previous = current;
        }
        return entries;
    }

    // ---------------------------------------------------------------- outcome of a poll

    /** A read went through: a failure logged before is reported as over. */
    public void succeeded() {
        if (lastFailure != null) {
            LOG.info("webhooks journal: reading works again");
            lastFailure = null;
        }
    }

    /**
     * A read failed: it is tried again on the next tick, the subscription checked first (the journal may say it is
     * gone) and, after a 401, with a new token. Logged once per kind of failure.
     */
    public void failed(Exception failure) {
        subscribed = false;
        if (failure instanceof HttpOperationFailedException http && http.getStatusCode() == 401) {
            token = null;
        }
        // The same failure again (an answer differs by its correlationId alone) is not logged again.
        String what = failure instanceof HttpOperationFailedException http
                ? "HTTP " + http.getStatusCode() + " from " + http.getUri().replaceAll("\\?.*", "")
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (!what.equals(lastFailure)) {
            String answer = failure instanceof HttpOperationFailedException http
                    ? ": " + abbreviated(http.getResponseBody())
                    : "";
            LOG.warnf("webhooks journal: reading failed, tried again on the next poll: %s%s", what, answer);
            lastFailure = what;
        }
    }

    private JsonNode readJson(String body, String what) {
        try {
            JsonNode node = body == null ? null : json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new JournalAnswerException(what + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new JournalAnswerException(what + " is not JSON");
        }
    }

    private static String abbreviated(String text) {
        return text == null ? "" : text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** HubSpot answered something the journal's spec does not describe. */
    public static class JournalAnswerException extends RuntimeException {
        public JournalAnswerException(String message) {
            super(message);
        }
    }
}
