package com.nrsconnector.sandbox;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.encoding.EncodingPreference;
import com.nrsconnector.encoding.SmsEncodingAnalyzer;
import com.nrsconnector.security.CallbackSigner;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * In-process stand-in for 360nrs, served under /sandbox/360nrs. POST /api/rest/sms (and /api/rest/voice, for calls)
 * behaves as 360nrs documents it
 * (Basic auth, 202 / 207 / 400 / 401 / 402 with its error codes; up to 500 numbers per SMS request, one result each)
 * and, a configurable delay later, calls the request's notificationUrl with each recipient's delivery report (its
 * number as %P). Documented test numbers decide the outcome, per recipient or, for request-level faults, for the whole
 * request. POST /replies simulates
 * a recipient's reply: it is posted to the account's reply URL, as 360nrs forwards replies.
 */
@ApplicationScoped
public class NrsSandbox {

    private static final Logger LOG = Logger.getLogger(NrsSandbox.class);
    static final String PREFIX = "/sandbox/360nrs";

    public static final String USERNAME = "sandbox";
    public static final String API_PASSWORD = "sandbox-api-password";
    /** A second account the stand-in knows, for portals that send on a 360nrs account of their own. */
    public static final String SECOND_USERNAME = "sandbox-second";

    public static final String SECOND_API_PASSWORD = "sandbox-second-api-password";

    /** Test numbers (digits with country code) and what they do; any other valid number is delivered. */
    public static final String DELIVERED = "34600000001";

    public static final String NOT_DELIVERED = "34600000002";
    public static final String INVALID = "34600000003";
    public static final String FAILS_FIRST = "34600000004";
    public static final String TIMES_OUT = "34600000005";
    public static final String NO_CREDIT = "34600000006";
    /** Accepted, and no delivery report ever comes (the connector's delivery-report timeout settles it). */
    public static final String NEVER_REPORTS = "34600000007";
    /** Accepted (and reported delivered), but left out of the answer's result list. */
    public static final String LEFT_OUT = "34600000008";
    /** Accepted, and its delivery report is made (and answered) before the request itself is answered. */
    public static final String REPORTS_FIRST = "34600000009";
    /** Numbers one SMS request may carry at most; more is a 400. */
    public static final int MAX_RECIPIENTS = 500;

    /** Interactive calls to these numbers are answered and the callee presses the last digit's key. */
    public static final String PRESSES_KEY_PREFIX = "3461000000";

    private static final Pattern PRESSES_KEY = Pattern.compile(PRESSES_KEY_PREFIX + "([0-9])");
    private static final Pattern RECIPIENT = Pattern.compile("[1-9][0-9]{7,14}");
    private static final Pattern ALPHANUMERIC_SENDER = Pattern.compile("[A-Za-z0-9 ]{1,11}");
    private static final Pattern NUMERIC_SENDER = Pattern.compile("\\+?[0-9]{1,15}");
    private static final Set<String> ENCODINGS = Set.of("gsm", "gsm-pt", "utf-16");
    private static final DateTimeFormatter REPORT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final SandboxRequestLog log = new SandboxRequestLog(PREFIX);
    private final List<Map<String, Object>> callbacks = new ArrayList<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(900_000_000L);
    /** Counted down by releaseHangs: the hanging requests under way then answer without waiting out the delay. */
    private volatile CountDownLatch hangs = new CountDownLatch(1);

    private final ScheduledExecutorService reports = Executors.newScheduledThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /**
     * Reports go out over two kept-alive connections (as many as the stand-in's report threads had), without a thread
     * waiting for each answer.
     */
    private io.vertx.core.http.HttpClient reportClient;

    private final SmsEncodingAnalyzer analyzer = new SmsEncodingAnalyzer();

    /** One message 360nrs accepted (a request refused or failed is not a send). */
    public record AcceptedMessage(String id, String to, String from, String message, Instant time) {}

    private static final int ACCEPTED_CAPACITY = 100_000;

    private SandboxFaults faults;
    private final List<AcceptedMessage> acceptedMessages = new ArrayList<>();

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    CallbackSigner signer;

    @Inject
    io.vertx.core.Vertx vertx;

    void init(@Observes Router router) {
        if (!config.sandbox().enabled()) {
            return;
        }
        reportClient = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(2)
                .setConnectTimeout(5_000));
        router.route(PREFIX + "/*").handler(BodyHandler.create());
        router.postWithRegex(PREFIX + "/api/rest/(sms|voice)").handler(this::answerAfterLatency);
        router.get(PREFIX + "/requests").handler(ctx -> SandboxResponses.json(ctx, json, 200, log.all()));
        router.get(PREFIX + "/callbacks").handler(ctx -> {
            synchronized (callbacks) {
                SandboxResponses.json(ctx, json, 200, List.copyOf(callbacks));
            }
        });
        faults = new SandboxFaults("360nrs", json, config.sandbox().timeoutDelay());
        faults.mount(router, PREFIX);
        router.get(PREFIX + "/messages").handler(ctx -> {
            synchronized (acceptedMessages) {
                SandboxResponses.json(ctx, json, 200, List.copyOf(acceptedMessages));
            }
        });
        router.post(PREFIX + "/api/rest/sms").blockingHandler(this::sendSms, false);
        router.post(PREFIX + "/replies").blockingHandler(this::reply, false);
        router.post(PREFIX + "/api/rest/voice").blockingHandler(this::sendVoice, false);
        router.get(PREFIX + "/api/rest/account").blockingHandler(this::account, false);
    }

    /** The send endpoints answer after the configured latency, from a timer: no thread waits for it. */
    private void answerAfterLatency(RoutingContext ctx) {
        SandboxResponses.delayAnswers(ctx, config.sandbox().nrsLatency());
        ctx.next();
    }

    void stop(@Observes ShutdownEvent event) {
        reports.shutdownNow();
    }

    private boolean authenticated(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (basic(USERNAME, API_PASSWORD).equals(auth)
                || basic(SECOND_USERNAME, SECOND_API_PASSWORD).equals(auth)) {
            return true;
        }
        SandboxResponses.json(ctx, json, 401, nrsError(103, "Username or password unknown"));
        return false;
    }

    private static String basic(String username, String password) {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private void account(RoutingContext ctx) {
        log.record(ctx);
        if (authenticated(ctx)) {
            SandboxResponses.json(ctx, json, 200, Map.of("balance", 1000, "username", USERNAME));
        }
    }

    /**
     * What a send (SMS or call) is refused for before its own fields are read, answered as 360nrs does: the
     * credentials, a fault in force, a body that is not a JSON object, no recipients. The body, or null when answered.
     */
    private JsonNode sendRequest(RoutingContext ctx) {
        log.record(ctx);
        if (!authenticated(ctx)) {
            return null;
        }
        // A fault in force answers instead of 360nrs (a hang holds the request, then fails without accepting).
        if (faults.intercept(ctx, Map.of("error", Map.of("code", 500, "description", "Sandbox fault")))) {
            return null;
        }
        JsonNode body = SandboxResponses.readJson(ctx, json);
        if (body == null || !body.isObject()) {
            SandboxResponses.json(
                    ctx, json, 400, nrsError(104, "Text message missing (the body is not a JSON object)"));
            return null;
        }
        JsonNode to = body.path("to");
        if (!to.isArray() || to.isEmpty()) {
            SandboxResponses.json(ctx, json, 400, nrsError(102, "No valid recipients"));
            return null;
        }
        return body;
    }

    private void sendSms(RoutingContext ctx) {
        JsonNode body = sendRequest(ctx);
        if (body == null) {
            return;
        }
        JsonNode to = body.path("to");
        if (to.size() > MAX_RECIPIENTS) {
            SandboxResponses.json(
                    ctx, json, 400, nrsError(102, "Too many recipients: at most " + MAX_RECIPIENTS + " per request"));
            return;
        }
        String message = body.path("message").asText("");
        if (message.isEmpty()) {
            SandboxResponses.json(ctx, json, 400, nrsError(104, "Text message missing"));
            return;
        }
        String from = body.path("from").asText("");
        if (from.isEmpty()) {
            SandboxResponses.json(ctx, json, 400, nrsError(106, "Sender missing"));
            return;
        }
        if (!ALPHANUMERIC_SENDER.matcher(from).matches()
                && !NUMERIC_SENDER.matcher(from).matches()) {
            SandboxResponses.json(ctx, json, 400, nrsError(107, "Sender too long"));
            return;
        }
        String encoding = body.path("encoding").asText("gsm");
        if (!ENCODINGS.contains(encoding)) {
            SandboxResponses.json(ctx, json, 400, nrsError(113, "Invalid coding"));
            return;
        }
        int maxParts = body.path("parts").asInt(1);
        int parts = analyzer.analyze(
                        message,
                        switch (encoding) {
                            case "gsm" -> EncodingPreference.GSM;
                            case "gsm-pt" -> EncodingPreference.GSM_PT;
                            default -> EncodingPreference.UCS2;
                        },
                        true,
                        false)
                .segments();
        if (maxParts < 1 || parts > maxParts) {
            SandboxResponses.json(
                    ctx, json, 400, nrsError(110, "Exceeded maximum parts allowed or incorrect number of parts"));
            return;
        }
        String notificationUrl = body.path("notificationUrl").asText(null);
        if (notificationUrl != null && !notificationUrl.matches("https?://\\S+")) {
            SandboxResponses.json(ctx, json, 400, nrsError(109, "Notification URL incorrect"));
            return;
        }
        acceptRecipients(ctx, to, from, message, notificationUrl, null);
    }

    /**
     * POST /api/rest/voice: a voice call (text-to-speech in "message", or an audio file in "audioUrl"), caller id in
     * "from" (optional: the account's default caller). The SMS test numbers behave the same for calls: delivered
     * (answered), not delivered (not answered), refused, 500 twice, hang, no credit.
     */
    private void sendVoice(RoutingContext ctx) {
        JsonNode body = sendRequest(ctx);
        if (body == null) {
            return;
        }
        JsonNode to = body.path("to");
        String message = body.path("message").asText("");
        String audioUrl = body.path("audioUrl").asText("");
        if (message.isEmpty() && audioUrl.isEmpty()) {
            SandboxResponses.json(ctx, json, 400, nrsError(104, "Text message missing"));
            return;
        }
        if (!audioUrl.isEmpty() && !audioUrl.matches("https://\\S+")) {
            SandboxResponses.json(ctx, json, 400, nrsError(104, "Audio URL incorrect"));
            return;
        }
        String from = body.path("from").asText("");
        if (!from.isEmpty() && !NUMERIC_SENDER.matcher(from).matches()) {
            SandboxResponses.json(ctx, json, 400, nrsError(107, "Caller incorrect"));
            return;
        }
        String notificationUrl = body.path("notificationUrl").asText(null);
        if (notificationUrl != null && !notificationUrl.matches("https?://\\S+")) {
            SandboxResponses.json(ctx, json, 400, nrsError(109, "Notification URL incorrect"));
            return;
        }
        String keyUrl = body.path("keyNotificationUrl").asText(null);
        if (keyUrl != null && !keyUrl.matches("https?://\\S+")) {
            SandboxResponses.json(ctx, json, 400, nrsError(109, "Key notification URL incorrect"));
            return;
        }
        acceptRecipients(ctx, to, from, message.isEmpty() ? audioUrl : message, notificationUrl, keyUrl);
    }

    /**
     * Per recipient, what its test number does; answers 202, 207, or the request-level error. A request that names a
     * number with a request-level outcome gets it for all its recipients, none accepted, checked in this order: no
     * credit (402), fails first (500, while its count lasts), times out (held, then 504). The others are answered one
     * result each, in the order of {@code to}: accepted (with its id) or refused; a left-out number is accepted but has
     * no result; a reports-first number's delivery report is made before the answer.
     */
    private void acceptRecipients(
            RoutingContext ctx, JsonNode to, String from, String message, String notificationUrl, String keyUrl) {
        List<String> numbers = new ArrayList<>();
        to.forEach(recipient -> numbers.add(recipient.asText()));
        if (numbers.contains(NO_CREDIT)) {
            SandboxResponses.json(ctx, json, 402, nrsError(111, "Not enough credits"));
            return;
        }
        if (numbers.contains(FAILS_FIRST)
                && failures.computeIfAbsent(FAILS_FIRST, n -> new AtomicInteger())
                                .getAndIncrement()
                        < config.sandbox().failingAttempts()) {
            SandboxResponses.json(
                    ctx, json, 500, Map.of("error", Map.of("code", 500, "description", "Internal error")));
            return;
        }
        if (numbers.contains(TIMES_OUT)) {
            // Holds the connection past any sensible client timeout, then fails without sending.
            hold(config.sandbox().timeoutDelay());
            SandboxResponses.json(
                    ctx, json, 504, Map.of("error", Map.of("code", 504, "description", "Gateway timeout")));
            return;
        }
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> reportsFirst = new ArrayList<>();
        int accepted = 0;
        for (String number : numbers) {
            Map<String, Object> result = new LinkedHashMap<>();
            if (!RECIPIENT.matcher(number).matches() || INVALID.equals(number)) {
                result.put("accepted", false);
                result.put("to", number);
                result.put("error", Map.of("code", 102, "description", "No valid recipients"));
            } else {
                String id = Long.toString(ids.incrementAndGet());
                result.put("accepted", true);
                result.put("to", number);
                result.put("id", id);
                accepted++;
                remember(new AcceptedMessage(id, number, from, message, Instant.now()));
                if (notificationUrl != null && REPORTS_FIRST.equals(number)) {
                    reportsFirst.add(reportUrl(notificationUrl, number, from, "1"));
                } else if (notificationUrl != null && !NEVER_REPORTS.equals(number)) {
                    scheduleReport(notificationUrl, number, from, NOT_DELIVERED.equals(number) ? "2" : "1");
                }
                var pressing = PRESSES_KEY.matcher(number);
                if (keyUrl != null && pressing.matches()) {
                    // An interactive call to 3461000000K is answered, and the callee presses key K.
                    scheduleKeyPress(keyUrl, pressing.group(1));
                }
            }
            if (!LEFT_OUT.equals(number)) {
                results.add(result);
            }
        }
        if (accepted == 0) {
            SandboxResponses.json(ctx, json, 400, nrsError(102, "No valid recipients"));
            return;
        }
        // A report that overtakes the answer: made, and answered by the connector, before this request is answered.
        // Made and answered before the send's own answer (this handler runs on a worker thread).
        for (String url : reportsFirst) {
            try {
                deliver(url).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warnf("sandbox 360nrs: the early report to %s did not complete: %s", url, e);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("campaignId", ids.incrementAndGet());
        answer.put("sendingId", ids.incrementAndGet());
        answer.put("result", results);
        SandboxResponses.json(ctx, json, refusedCount(results) == 0 ? 202 : 207, answer);
    }

    private static int refusedCount(List<Map<String, Object>> results) {
        return (int) results.stream()
                .filter(r -> Boolean.FALSE.equals(r.get("accepted")))
                .count();
    }

    private void remember(AcceptedMessage message) {
        synchronized (acceptedMessages) {
            if (acceptedMessages.size() >= ACCEPTED_CAPACITY) {
                acceptedMessages.remove(0);
            }
            acceptedMessages.add(message);
        }
    }

    private void scheduleReport(String template, String to, String from, String status) {
        String url = reportUrl(template, to, from, status);
        reports.schedule(() -> deliver(url), config.sandbox().deliveryDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The notification URL of a request with one recipient's report in it: %d its status, %P its number. */
    private static String reportUrl(String template, String to, String from, String status) {
        String when = ZonedDateTime.now(ZoneOffset.UTC).format(REPORT_TIME);
        return template.replace("%d", status)
                .replace("%P", to)
                .replace("%p", URLEncoder.encode(from, StandardCharsets.UTF_8))
                .replace("%t", URLEncoder.encode(when, StandardCharsets.UTF_8));
    }

    private void scheduleKeyPress(String template, String key) {
        String when = ZonedDateTime.now(ZoneOffset.UTC).format(REPORT_TIME);
        String url = template.replace("%k", key).replace("%t", URLEncoder.encode(when, StandardCharsets.UTF_8));
        reports.schedule(() -> deliver(url), config.sandbox().deliveryDelay().toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    private io.vertx.core.Future<?> deliver(String url) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("url", url);
        return reportClient
                .request(new io.vertx.core.http.RequestOptions()
                        .setAbsoluteURI(url)
                        .setMethod(io.vertx.core.http.HttpMethod.GET)
                        .setIdleTimeout(10_000))
                .compose(request -> request.send()
                        .compose(response ->
                                response.body().map(body -> Map.entry(response.statusCode(), body.toString()))))
                .onComplete(answer -> {
                    if (answer.succeeded()) {
                        entry.put("status", answer.result().getKey());
                        entry.put("response", answer.result().getValue());
                    } else {
                        entry.put("error", answer.cause().toString());
                        LOG.warnf("sandbox 360nrs could not deliver a report to %s: %s", url, answer.cause());
                    }
                    synchronized (callbacks) {
                        callbacks.add(entry);
                    }
                });
    }

    /**
     * {"from": "34612345678", "to": "<sender>", "text": "..."}: posts the reply, form-urlencoded, to the sandbox
     * account's reply URL (signed for that account, as docs/features.md describes it) and answers
     * {"status": <the connector's HTTP status>, "response": <its answer>}.
     */
    private void reply(RoutingContext ctx) {
        log.record(ctx);
        JsonNode body = SandboxResponses.readJson(ctx, json);
        if (body == null
                || !body.isObject()
                || !body.path("from").isTextual()
                || !body.path("to").isTextual()
                || !body.path("text").isTextual()) {
            SandboxResponses.json(
                    ctx,
                    json,
                    400,
                    Map.of(
                            "status",
                            "error",
                            "message",
                            "expected {\"from\": \"<number>\", \"to\": \"<sender>\", \"text\": \"...\"}"));
            return;
        }
        String url = config.publicBaseUrl() + "/callbacks/360nrs/replies?account="
                + URLEncoder.encode(USERNAME, StandardCharsets.UTF_8) + "&sig=" + signer.sign("reply", USERNAME);
        String form = "from=" + URLEncoder.encode(body.path("from").asText(), StandardCharsets.UTF_8)
                + "&to=" + URLEncoder.encode(body.path("to").asText(), StandardCharsets.UTF_8)
                + "&text=" + URLEncoder.encode(body.path("text").asText(), StandardCharsets.UTF_8);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("kind", "reply");
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            entry.put("status", response.statusCode());
            JsonNode answer;
            try {
                answer = json.readTree(response.body());
            } catch (Exception notJson) {
                answer = json.getNodeFactory().textNode(response.body());
            }
            entry.put("response", answer);
        } catch (Exception e) {
            entry.put("error", e.toString());
        }
        synchronized (callbacks) {
            callbacks.add(entry);
        }
        SandboxResponses.json(ctx, json, entry.containsKey("error") ? 502 : 200, entry);
    }

    private static Map<String, Object> nrsError(int code, String description) {
        return Map.of("error", Map.of("code", code, "description", description));
    }

    /**
     * Ends the hangs under way: each answers its 504 now, so that a caller decides when a hang ends instead of betting
     * on the time it takes.
     */
    public void releaseHangs() {
        CountDownLatch released = hangs;
        hangs = new CountDownLatch(1);
        released.countDown();
    }

    private void hold(Duration duration) {
        try {
            hangs.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
