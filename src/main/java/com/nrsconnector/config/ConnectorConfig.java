package com.nrsconnector.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the connector reads from application.properties, config/application.properties and the environment. */
@ConfigMapping(prefix = "connector")
public interface ConnectorConfig {

    /** The URL HubSpot and 360nrs use to reach this connector (callbacks, links, signature checks). */
    String publicBaseUrl();

    Db db();

    Sandbox sandbox();

    HubSpot hubspot();

    Nrs nrs();

    Dispatcher dispatcher();

    Secrets secrets();

    Errors errors();

    Ops ops();

    Outbox outbox();

    Card card();

    Intake intake();

    /**
     * The durable writes of what comes in, shared by the calls that arrive together: workflow-action calls, and
     * (separately) the statuses 360nrs and recipients report (delivery reports, replies, key presses, clicks). Each
     * has this many writer threads (each a transaction under way, one pooled connection), at most max-batch calls per
     * transaction, and at shutdown at most drain-timeout to store what was handed over before the rest is refused.
     */
    interface Intake {
        @WithDefault("2")
        int writers();

        @WithDefault("64")
        int maxBatch();

        @WithDefault("PT10S")
        Duration drainTimeout();
    }

    /** The contact-record card and the send forms it opens. */
    interface Card {
        /** Key for signing the form links the card hands out (HMAC-SHA256); the sandbox default is refused elsewhere. */
        String formSigningKey();

        /** How long a form link can be opened and used (once) after the card handed it out. */
        @WithDefault("PT15M")
        Duration formLinkTtl();

        /** How many of the contact's latest messages the card lists. */
        @WithDefault("20")
        int recentMessages();
    }

    Unsubscribe unsubscribe();

    /** The unsubscribe page behind {UNSUB_URL} and what a confirmed opt-out writes to HubSpot. */
    interface Unsubscribe {
        /**
         * The boolean contact property set to {@code true} on the contact who opted out (type bool, field type
         * booleancheckbox; the install creates it where the portal lacks it).
         */
        @WithDefault("sms_opt_out_360nrs")
        String contactProperty();
    }

    Install install();

    /** The OAuth install and the connection page: how long an install link and a page session stay valid. */
    interface Install {
        /** An install started (GET /oauth/install) must come back to the callback within this time. */
        @WithDefault("PT10M")
        Duration stateMaxAge();

        /** How long the connection page stays reachable with the session the callback set. */
        @WithDefault("PT8H")
        Duration sessionMaxAge();
    }

    /**
     * The one retry policy of the HubSpot outboxes (timeline events, workflow completions): a failed write waits
     * initialBackoff, doubled on each later attempt up to maxBackoff (a Retry-After from HubSpot wins), and is given up
     * after maxAttempts or at once when HubSpot refuses it for good (a 4xx other than 429).
     */
    interface Outbox {
        /** Attempts (first try included) before a write is given up and becomes a dead letter. */
        @WithDefault("10")
        int maxAttempts();

        @WithDefault("PT5S")
        Duration initialBackoff();

        @WithDefault("PT10M")
        Duration maxBackoff();

        /** How long a claimed row stays with the instance that claimed it; another takes it over afterwards. */
        @WithDefault("PT1M")
        Duration lease();
    }

    interface Errors {
        int maxRedeliveries();

        long redeliveryDelayMs();
    }

    /** The operations API under /ops/** (HTTP Basic). */
    interface Ops {
        @WithDefault("ops")
        String username();

        /** Required outside sandbox mode (see ProductionSafetyCheck); without one the API refuses every request. */
        Optional<String> password();

        /** At most this many dead letters are replayed by one bulk replay call. */
        @WithDefault("50")
        int replayBatchSize();
    }

    interface Db {
        /** Set by DatabaseSelectionConfigSource: "embedded" or "postgres". */
        String active();
    }

    interface Sandbox {
        /** In-process stand-ins for HubSpot and 360nrs under /sandbox/**. */
        boolean enabled();

        long demoPortalId();

        /** Delay before the 360nrs stand-in calls back with a delivery report. */
        Duration deliveryDelay();

        /**
         * How long the 360nrs stand-in takes to answer a send (POST /api/rest/sms and /api/rest/voice), as the real
         * service's network and processing time: the answer is held that long without holding a thread.
         */
        @WithDefault("PT0S")
        Duration nrsLatency();

        /** How many times the "fails first" test number answers 500 before accepting. */
        int failingAttempts();

        /** How long the "times out" test number keeps the connection before answering. */
        Duration timeoutDelay();

        /**
         * The HubSpot stand-in's per-portal limit, as HubSpot's (110 requests per rolling 10 s): one request more in
         * the period is answered 429 as HubSpot answers it.
         */
        @WithDefault("110")
        int hubspotRateLimitRequests();

        @WithDefault("PT10S")
        Duration hubspotRateLimitPeriod();

        /**
         * Whether the HubSpot stand-in checks every request against HubSpot's OpenAPI specs (a request that does not
         * conform is answered 400, as HubSpot would). On by default; a load run may turn it off, since the check costs
         * the connector's process more than the answer does.
         */
        @WithDefault("true")
        boolean hubspotRequestValidation();
    }

    interface HubSpot {
        String apiBaseUrl();

        /** Where people approve the app: https://app.hubspot.com (the stand-in in sandbox mode). */
        String appBaseUrl();

        /** The scopes the install asks for (the app's required scopes). */
        List<String> scopes();

        /** Scopes asked for but not required (the portal may lack them). */
        List<String> optionalScopes();

        /**
         * How often tokens that expire within tokenRefreshMargin are refreshed ahead of use. A route's timer reads it
         * too, so its default is in application.properties.
         */
        Duration tokenRefreshInterval();

        String clientId();

        String clientSecret();

        /** Signed requests older than this are refused (HubSpot's v3 rule: 5 minutes). */
        @WithDefault("PT5M")
        Duration signatureMaxAge();

        /** Refresh the OAuth access token when it expires within this margin. */
        @WithDefault("PT5M")
        Duration tokenRefreshMargin();

        /**
         * How message events reach the timeline: {@code app-events} (new apps: app event types defined in the
         * developer project) or {@code templates} (timeline v3 events, for apps that already have event templates).
         */
        @WithDefault("app-events")
        TimelineMode timelineMode();

        Timeline timeline();

        /** Contact properties the connector reads: HubSpot sends these in the workflow payload, or they are fetched. */
        List<String> contactProperties();

        /** At most this many HubSpot requests per portal in rateLimitPeriod (HubSpot allows 110 per 10 s). */
        @WithDefault("100")
        int rateLimitRequests();

        @WithDefault("PT10S")
        Duration rateLimitPeriod();

        /** Each HubSpot call (connect, wait for a connection, answer) gives up after this long; the outbox retries it. */
        @WithDefault("PT10S")
        Duration requestTimeout();

        /**
         * Whether uninstalls are also read from the webhooks journal (the new developer platform announces them
         * there, polled with a client-credentials token); the signed lifecycle webhook keeps working either way.
         */
        @WithDefault("true")
        boolean journalEnabled();

        /** How often the webhooks journal is read: an uninstall takes effect within this interval. */
        @WithDefault("PT1M")
        Duration journalPollInterval();

        /** At most this many journal entries are read per poll. */
        @WithDefault("20")
        int journalPageSize();
    }

    enum TimelineMode {
        APP_EVENTS,
        TEMPLATES
    }

    interface Timeline {
        /** templates: the event template id of each event type (SMS_SENT, SMS_DELIVERED, ...). */
        Map<String, String> templates();

        /**
         * app-events: the prefix of the event types' fully qualified names; the event type is appended in lower case
         * (e.g. "...-sms_sent", the app-event uids of the developer project).
         */
        Optional<String> appEventTypePrefix();

        @WithDefault("100")
        int batchSize();
    }

    /** Voice calls: what the voice actions offer. */
    Voice voice();

    interface Voice {
        /**
         * The languages and voices offered for text-to-speech ({@code <language>=<voice>,<voice>...}, the first voice
         * the default), read again when the file changes.
         */
        @WithDefault("config/voice-languages.properties")
        String languagesFile();

        /**
         * How long the completion of an interactive call's workflow waits, once the call is delivered, for a key press
         * to report as its keyPressed output (a key press completes it at once).
         */
        @WithDefault("PT5M")
        Duration keyWait();
    }

    interface Nrs {
        String apiBaseUrl();

        /**
         * Sends per second per 360nrs account; an account's line in sendRatesFile overrides it. Sends over an account's
         * rate wait in the queue, never in a sender.
         */
        @WithDefault("20")
        int sendRatePerSecond();

        /** Per-account send rates ({@code <account>=<sends per second>}), read again when the file changes. */
        @WithDefault("config/send-rates.properties")
        String sendRatesFile();

        /**
         * Requests to 360nrs under way at once (the senders); a slow or hanging one holds only its own. The dispatcher
         * hands over at most as many again, waiting for a sender. The send routes read it too, so its default is in
         * application.properties.
         */
        int maxInFlight();

        /**
         * Of those, how many one 360nrs account may hold (handed over or under way), so that one account's slow or
         * hanging requests never take every sender: its further sends wait in the queue.
         */
        @WithDefault("64")
        int maxInFlightPerAccount();

        /**
         * Recipients one SMS request to 360nrs carries at most: sends of one claimed batch with the same account,
         * sender, final text and options go in one request (each number once). At most 500, the usual client limit of
         * the 360nrs API; a larger value is taken as 500, one below 1 as 1.
         */
        @WithDefault("500")
        int maxRecipientsPerRequest();

        Breaker breaker();

        /** Whether the 360nrs account may send with the Portuguese national tables (encoding gsm-pt). */
        @WithDefault("true")
        boolean portugueseEncodingAllowed();

        /** Maps the %d status of a delivery report to our status (DELIVERED, NOT_DELIVERED, or IGNORE for intermediate ones). */
        Map<String, String> deliveryStatus();

        /** Delivery-status codes ({@code <code>=<status>}) that come before deliveryStatus, read again when it changes. */
        @WithDefault("config/delivery-status.properties")
        String deliveryStatusFile();

        /**
         * How long after its send a message whose final delivery report never came is settled NOT_DELIVERED ("no
         * delivery report"), so that no workflow waits for it forever.
         */
        @WithDefault("PT24H")
        Duration deliveryReportTimeout();

        /**
         * How often the background route looks for messages whose delivery report is overdue. The route's timer reads
         * it, so its default is in application.properties.
         */
        Duration deliveryReportCheckInterval();

        /**
         * Replies that opt the number out of SMS, per language ({@code <language>=<KEYWORD>,<KEYWORD>,...}): a reply
         * whose whole text is one of them (any case, accents and surrounding punctuation ignored) unsubscribes.
         */
        Map<String, String> optOutKeywords();

        /** Opt-out keywords per language that replace optOutKeywords' line of that language, read again when it changes. */
        @WithDefault("config/opt-out-keywords.properties")
        String optOutKeywordsFile();
    }

    /** The circuit breaker of each 360nrs account: opens when too many of its recent calls failed, then lets a probe through. */
    interface Breaker {
        /** Percentage of failed calls in the window that opens the breaker. */
        @WithDefault("50")
        float failureRateThreshold();

        /** How many of the latest calls the failure rate is computed over. */
        @WithDefault("20")
        int slidingWindowSize();

        /** Calls needed in the window before the rate counts. */
        @WithDefault("10")
        int minimumNumberOfCalls();

        /** How long it stays open before letting trial calls through. */
        @WithDefault("PT30S")
        Duration waitInOpenState();

        /** Trial calls let through while half-open; their outcome closes or opens the breaker again. */
        @WithDefault("1")
        int permittedCallsInHalfOpenState();
    }

    interface Dispatcher {
        /**
         * How often the dispatcher looks for due sends when it has none left to hand over. The dispatcher route's timer
         * reads it, so its default is in application.properties.
         */
        Duration pollInterval();

        /** Due sends claimed at a time (fewer when the senders have less room). */
        @WithDefault("500")
        int batchSize();

        @WithDefault("PT2M")
        Duration lease();

        /** Attempts (first try included) before a transient failure becomes NOT_SENT and a dead letter. */
        @WithDefault("6")
        int maxAttempts();

        /**
         * How long a send whose attempts ran out waits, dead-lettered and still PENDING, for an operator's replay
         * before it is settled NOT_SENT.
         */
        @WithDefault("PT24H")
        Duration deadLetterHold();

        /** First retry delay; doubled on each later attempt up to maxBackoff. */
        @WithDefault("PT2S")
        Duration initialBackoff();

        @WithDefault("PT5M")
        Duration maxBackoff();

        /**
         * How often held delivery reports, timeline events and workflow completions are carried over to HubSpot. The
         * routes' timers read it, so its default is in application.properties.
         */
        Duration hubspotSyncInterval();

        /**
         * Workflow calls are answered first: while they arrive faster than this (calls per second, on this instance), a
         * dispatcher round waits for them, at most {@link #yieldAtMost} after the previous round, and then claims once.
         * 0: never wait.
         */
        @WithDefault("200")
        int yieldToCallsAbove();

        /** How long a dispatcher round waits at most for a burst of workflow calls. */
        @WithDefault("PT1S")
        Duration yieldAtMost();
    }

    interface Secrets {
        /** Key for encrypting stored credentials (any string; hashed to an AES-256 key). */
        String encryptionKey();

        /** Key for signing callback and unsubscribe links. */
        String signingKey();

        /** Key for signing OAuth install states, connection-page sessions and their CSRF tokens. */
        String sessionKey();
    }
}
