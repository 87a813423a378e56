import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.hubspot.HubSpotSignatureVerifier;
import com.nrsconnector.it.ConnectorProcess;
import com.nrsconnector.support.HubSpotRateCounts;
import com.nrsconnector.support.SignedWorkflowCall;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The connector's performance benchmark. Starts the packaged connector as its own process (on the PostgreSQL database
 * named by CONNECTOR_DB_URL, with the in-process stand-ins: 360nrs answering after a set latency, HubSpot enforcing
 * its rate limit), then from this process: warms both endpoints up, measures the baseline (GET /api/v1/ping at the
 * same concurrency), fires N signed workflow calls at concurrency C, waits until every accepted call has its final
 * event on the contact's timeline, and prints one JSON line of figures on stdout (progress on stderr).
 *
 * <p>The load goes through a Vert.x HTTP client on one event loop with C keep-alive connections, so that this
 * process, which shares the machine with the connector and PostgreSQL, takes as little of it as it can; the few
 * calls to the stand-ins' controls use java.net.http.
 *
 * <p>Run through bench/run.sh, which builds the connector, creates the database and drops it afterwards.
 * Arguments: {@code N C latencyMs sendRate drainTimeoutSeconds cores}.
 */
public class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PORTAL = SignedWorkflowCall.DEMO_PORTAL;
    /** The stand-in's contacts of this run: warm-up first, then the measured calls. */
    private static final long FIRST_CONTACT = 7_000_000_000L;
    /** One mobile number per call (3467xxxxxxx: Spanish mobiles the 360nrs stand-in delivers), so no two share one. */
    private static final long FIRST_NUMBER = 34_670_000_000L;

    private static final List<String> FINAL_EVENTS = List.of("SMS_DELIVERED", "SMS_NOT_DELIVERED", "SMS_NOT_SENT");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final int n;
    private final int c;
    private final long latencyMs;
    private final int sendRate;
    private final Duration drainTimeout;
    private final int cores;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(2, daemon("bench-http"));
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(httpThreads)
            .build();
    private final Vertx vertx = Vertx.vertx(
            new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
    private io.vertx.core.http.HttpClient load;
    private final AtomicLong rssPeakKb = new AtomicLong();
    private ConnectorProcess connector;

    private Benchmark(String[] args) {
        n = Integer.parseInt(args[0]);
        c = Integer.parseInt(args[1]);
        latencyMs = Long.parseLong(args[2]);
        sendRate = Integer.parseInt(args[3]);
        drainTimeout = Duration.ofSeconds(Long.parseLong(args[4]));
        cores = Integer.parseInt(args[5]);
        if (n < 1 || c < 1 || latencyMs < 0 || sendRate <= 0) {
            throw new IllegalArgumentException(
                    "N and C must be at least 1, the latency at least 0, the send rate at least 1");
        }
    }

    public static void main(String[] args) throws Exception {
        Benchmark benchmark = new Benchmark(args);
        Thread stop = new Thread(benchmark::stopConnector);
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            System.out.println(JSON.writeValueAsString(benchmark.run()));
        } finally {
            benchmark.stopConnector();
            benchmark.vertx.close();
            Runtime.getRuntime().removeShutdownHook(stop);
        }
        System.exit(0);
    }

    private Map<String, Object> run() throws Exception {
        Map<String, String> env = new HashMap<>();
        for (String name : List.of("CONNECTOR_DB_URL", "CONNECTOR_DB_USER", "CONNECTOR_DB_PASSWORD")) {
            env.put(name, System.getenv().getOrDefault(name, ""));
        }
        if (env.get("CONNECTOR_DB_URL").isEmpty()) {
            throw new IllegalStateException("CONNECTOR_DB_URL names no database");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.log.level", "WARN");
        properties.put("connector.nrs.send-rate-per-second", Integer.toString(sendRate));
        properties.put(
                "connector.sandbox.nrs-latency", Duration.ofMillis(latencyMs).toString());
        properties.put("connector.sandbox.delivery-delay", "PT0.5S");
        // The stand-in's OpenAPI check of each HubSpot request (the tests keep it) would be measured as the
        // connector's.
        properties.put("connector.sandbox.hubspot-request-validation", "false");
        progress(
                "starting the connector (N=%d, C=%d, 360nrs latency %d ms, send rate %d/s, %d cores)",
                n, c, latencyMs, sendRate, cores);
        connector = ConnectorProcess.start("bench-connector", env, properties);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(daemon("bench-rss"));
        sampler.scheduleAtFixedRate(
                () -> rssPeakKb.accumulateAndGet(statusKb("VmRSS"), Math::max), 0, 200, TimeUnit.MILLISECONDS);
        progress(
                "connector up at %s (pid %d, log target/it-logs/bench-connector.log)",
                connector.url(""), connector.pid());
        load = vertx.createHttpClient(
                new HttpClientOptions()
                        .setKeepAlive(true)
                        .setPipelining(false)
                        .setDefaultHost("localhost")
                        .setDefaultPort(URI.create(connector.url("")).getPort()),
                new PoolOptions().setHttp1MaxSize(c));

        int warmUp = Math.max(100, Math.min(1000, n / 10));
        prepareStandIn(warmUp + n);

        progress("warm-up: %d pings and %d workflow calls", 2 * warmUp, warmUp);
        fire(2 * warmUp, this::ping);
        Load warm = fire(warmUp, i -> workflowCall(i));
        Map<String, Long> settled =
                awaitFinal(warm.accepted(), Map.of(), Instant.now().plus(drainTimeout), "warm-up");

        progress("baseline: %d pings at concurrency %d", n, c);
        double[] cpu = cpuSeconds();
        Load baseline = fire(n, this::ping);
        progress("baseline: %.0f pings/s; %s", n / baseline.seconds(), cpuSince(cpu));
        HubSpotRateCounts before = HubSpotRateCounts.read(http, connector.url(""), PORTAL);

        progress("run: %d workflow calls at concurrency %d", n, c);
        cpu = cpuSeconds();
        Load calls = fire(n, i -> workflowCall(warmUp + i));
        progress(
                "run: %d accepted in %.1f s (%.0f/s), %d not accepted; %s",
                calls.accepted(),
                calls.seconds(),
                calls.accepted() / calls.seconds(),
                n - calls.accepted(),
                cpuSince(cpu));
        awaitFinal(calls.accepted(), settled, Instant.now().plus(drainTimeout), "drain");
        HubSpotRateCounts hubspot =
                HubSpotRateCounts.read(http, connector.url(""), PORTAL).since(before);

        // End to end: from the call's send to the DELIVERED event's arrival on the contact's timeline.
        JsonNode delivered = getJson("/sandbox/hubspot/timeline/received/SMS_DELIVERED");
        List<Double> e2e = new ArrayList<>();
        int lost = 0;
        for (int i = 0; i < n; i++) {
            if (!calls.isAccepted(i)) {
                continue;
            }
            JsonNode received = delivered.get(Long.toString(FIRST_CONTACT + warmUp + i));
            if (received == null) {
                lost++;
            } else {
                e2e.add((received.asLong() - calls.sentAtMillis[i]) / 1000.0);
            }
        }
        e2e.sort(null);

        // What 360nrs accepted for this run's numbers: how fast, and whether any message went twice.
        Map<String, Integer> perNumber = new HashMap<>();
        long firstSend = Long.MAX_VALUE;
        long lastSend = Long.MIN_VALUE;
        int sends = 0;
        for (JsonNode message : getJson("/sandbox/360nrs/messages")) {
            long number = Long.parseLong(message.path("to").asText("0"));
            if (number < FIRST_NUMBER + warmUp || number >= FIRST_NUMBER + warmUp + n) {
                continue;
            }
            sends++;
            perNumber.merge(message.path("to").asText(), 1, Integer::sum);
            long time = epochMillis(message.path("time"));
            firstSend = Math.min(firstSend, time);
            lastSend = Math.max(lastSend, time);
        }
        double sendSeconds = sends > 1 ? (lastSend - firstSend) / 1000.0 : 0;
        rssPeakKb.accumulateAndGet(statusKb("VmHWM"), Math::max);
        sampler.shutdownNow();

        double accepted = calls.accepted() / calls.seconds();
        double baselineRate = baseline.accepted() / baseline.seconds();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("n", n);
        figures.put("c", c);
        figures.put("nrs_latency_ms", latencyMs);
        figures.put("send_rate", sendRate);
        figures.put("accepted_per_s", round(accepted, 1));
        figures.put("ack_p50_ms", round(calls.percentileMs(50), 2));
        figures.put("ack_p99_ms", round(calls.percentileMs(99), 2));
        figures.put("ack_max_ms", round(calls.percentileMs(100), 2));
        figures.put("baseline_per_s", round(baselineRate, 1));
        // The trivial endpoint's own latency at the same concurrency: the floor the acknowledgement is measured
        // against.
        figures.put("baseline_p50_ms", round(baseline.percentileMs(50), 2));
        figures.put("baseline_p99_ms", round(baseline.percentileMs(99), 2));
        figures.put("efficiency", round(accepted / baselineRate, 3));
        figures.put("sent_per_s", round(sendSeconds > 0 ? sends / sendSeconds : 0, 1));
        figures.put("e2e_p50_s", round(percentile(e2e, 50), 2));
        figures.put("e2e_p99_s", round(percentile(e2e, 99), 2));
        figures.put("hubspot_calls_per_message", round((double) hubspot.requests() / n, 3));
        figures.put("hubspot_429", hubspot.rateLimited());
        figures.put(
                "duplicates",
                perNumber.values().stream().mapToInt(count -> count - 1).sum());
        figures.put("lost", lost);
        figures.put("not_accepted", n - calls.accepted());
        figures.put("rss_mb_peak", Math.round(rssPeakKb.get() / 1024.0));
        figures.put("cores", cores);
        return figures;
    }

    /** The run's contacts on the HubSpot stand-in, and their executions, which the connector completes. */
    private void prepareStandIn(int contacts) throws Exception {
        progress("preparing %d contacts and workflow executions on the HubSpot stand-in", contacts);
        for (int from = 0; from < contacts; from += 1000) {
            List<Map<String, Object>> inputs = new ArrayList<>();
            List<String> callbackIds = new ArrayList<>();
            for (int i = from; i < Math.min(contacts, from + 1000); i++) {
                inputs.add(Map.of(
                        "id",
                        Long.toString(FIRST_CONTACT + i),
                        "properties",
                        Map.of(
                                "firstname",
                                "Ana",
                                "mobilephone",
                                "+" + (FIRST_NUMBER + i),
                                "hs_marketable_status",
                                "true")));
                callbackIds.add(callbackId(i));
            }
            postJson("/sandbox/hubspot/contacts/batch", Map.of("inputs", inputs));
            postJson("/sandbox/hubspot/workflows/executions", Map.of("callbackIds", callbackIds));
        }
    }

    /** A request of the load: method, path, headers, body (null for none). */
    private record Call(HttpMethod method, String path, MultiMap headers, String body) {}

    private Call workflowCall(int i) {
        SignedWorkflowCall.Signed call = SignedWorkflowCall.signSendSms(
                connector.url(""),
                PORTAL,
                callbackId(i),
                FIRST_CONTACT + i,
                "+" + (FIRST_NUMBER + i),
                "BENCH",
                "Hola {{contact.firstname}}, su cita es mañana.");
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/json")
                .add(HubSpotSignatureVerifier.TIMESTAMP_HEADER, call.timestamp())
                .add(HubSpotSignatureVerifier.SIGNATURE_HEADER, call.signature());
        return new Call(HttpMethod.POST, URI.create(call.url()).getRawPath(), headers, call.body());
    }

    private Call ping(int i) {
        return new Call(HttpMethod.GET, "/api/v1/ping", MultiMap.caseInsensitiveMultiMap(), null);
    }

    private String callbackId(int i) {
        return "bench-" + run + "-" + i;
    }

    /**
     * Waits until {@code expected} more contacts than in {@code before} have a final event (delivered, not
     * delivered, not sent) on their timeline and as many more executions are completed, or the deadline passes.
     * Answers the stand-in's counts then.
     */
    private Map<String, Long> awaitFinal(int expected, Map<String, Long> before, Instant deadline, String phase)
            throws Exception {
        long lastReport = 0;
        while (true) {
            Map<String, Long> now = finalCounts();
            long finals = now.get("final") - before.getOrDefault("final", 0L);
            long completions = now.get("completions") - before.getOrDefault("completions", 0L);
            boolean done = finals >= expected && completions >= expected;
            if (done || Instant.now().isAfter(deadline)) {
                if (!done) {
                    progress(
                            "%s: NOT DRAINED within %s (%d of %d final, %d completions)",
                            phase, drainTimeout, finals, expected, completions);
                }
                return now;
            }
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                lastReport = System.nanoTime();
                progress(
                        "%s: %d of %d final on the timeline, %d completed, connector RSS %d MB",
                        phase, finals, expected, completions, statusKb("VmRSS") / 1024);
            }
            Thread.sleep(500);
        }
    }

    private Map<String, Long> finalCounts() throws Exception {
        JsonNode summary = getJson("/sandbox/hubspot/summary");
        long finals = 0;
        for (String type : FINAL_EVENTS) {
            finals += summary.path("timeline").path(type).asLong();
        }
        return Map.of(
                "final", finals, "completions", summary.path("completions").asLong());
    }

    /**
     * The answers of {@code count} requests sent with at most C under way at once. A request that has no answer a
     * call timeout (and a margin) after the last one was sent is counted as not answered, so that a lost
     * answer shows in not_accepted instead of holding the run forever.
     */
    private Load fire(int count, IntFunction<Call> request) throws InterruptedException {
        Semaphore slots = new Semaphore(c);
        CountDownLatch answered = new CountDownLatch(count);
        Load results = new Load(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            int index = i;
            Call call = request.apply(i);
            // Connect timeout: waiting for a connection of the pool; idle timeout: waiting for the answer's bytes.
            RequestOptions options = new RequestOptions()
                    .setMethod(call.method())
                    .setURI(call.path())
                    .setHeaders(call.headers())
                    .setConnectTimeout(CALL_TIMEOUT.toMillis())
                    .setIdleTimeout(CALL_TIMEOUT.toMillis());
            long sent = results.sent(index);
            load.request(options)
                    .compose(req -> call.body() == null ? req.send() : req.send(call.body()))
                    .compose(response -> response.body().map(body -> response.statusCode()))
                    .onComplete(answer -> {
                        if (results.answer(
                                index, answer.succeeded() ? answer.result() : -1, System.nanoTime() - sent)) {
                            slots.release();
                            answered.countDown();
                        }
                    });
        }
        if (!answered.await(CALL_TIMEOUT.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
            progress(
                    "%d of %d requests still had no answer %d s after the last was sent: counted as not answered",
                    results.abandonUnanswered(),
                    count,
                    CALL_TIMEOUT.plusSeconds(10).toSeconds());
        }
        results.nanos = System.nanoTime() - start;
        return results;
    }

    /**
     * Per request: when it was sent (epoch millis), how long its answer took, its HTTP status (-1: failed, -2: no
     * answer in time; 0 while under way). Answers arrive on the client's event loop; the figures are read once the load is over or abandoned.
     */
    private static final class Load {
        final long[] sentAtMillis;
        private final long[] sentNanos;
        private final long[] ackNanos;
        private final int[] status;
        long nanos;

        Load(int count) {
            sentAtMillis = new long[count];
            sentNanos = new long[count];
            ackNanos = new long[count];
            status = new int[count];
        }

        synchronized long sent(int i) {
            sentAtMillis[i] = System.currentTimeMillis();
            sentNanos[i] = System.nanoTime();
            return sentNanos[i];
        }

        /** Records the answer unless the request was given up on; true when recorded. */
        synchronized boolean answer(int i, int httpStatus, long tookNanos) {
            if (status[i] != 0) {
                return false;
            }
            status[i] = httpStatus == 0 ? -1 : httpStatus;
            ackNanos[i] = tookNanos;
            return true;
        }

        /** Gives up on the requests without an answer (their time: until now); how many there were. */
        synchronized int abandonUnanswered() {
            int abandoned = 0;
            long now = System.nanoTime();
            for (int i = 0; i < status.length; i++) {
                if (status[i] == 0) {
                    status[i] = -2;
                    ackNanos[i] = now - sentNanos[i];
                    abandoned++;
                }
            }
            return abandoned;
        }

        synchronized boolean isAccepted(int i) {
            return status[i] >= 200 && status[i] < 300;
        }

        synchronized int accepted() {
            int accepted = 0;
            for (int i = 0; i < status.length; i++) {
                accepted += isAccepted(i) ? 1 : 0;
            }
            return accepted;
        }

        double seconds() {
            return nanos / 1e9;
        }

        synchronized double percentileMs(int p) {
            long[] sorted = ackNanos.clone();
            Arrays.sort(sorted);
            return sorted[index(sorted.length, p)] / 1e6;
        }
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(index(sorted.size(), p));
    }

    private static int index(int size, int p) {
        return Math.max(0, Math.min(size - 1, (int) Math.ceil(p / 100.0 * size) - 1));
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** A time as the stand-in writes it: ISO-8601, or epoch seconds with a fraction. */
    private static long epochMillis(JsonNode time) {
        return time.isNumber()
                ? Math.round(time.asDouble() * 1000)
                : Instant.parse(time.asText()).toEpochMilli();
    }

    /** CPU time used so far by this process (the generator) and by the connector, in seconds. */
    private double[] cpuSeconds() {
        return new double[] {
            cpuSeconds(ProcessHandle.current()),
            ProcessHandle.of(connector.pid()).map(Benchmark::cpuSeconds).orElse(0.0)
        };
    }

    private static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(cpu -> cpu.toNanos() / 1e9).orElse(0.0);
    }

    /** What the generator and the connector spent since {@code before}: shows which of them was busy. */
    private String cpuSince(double[] before) {
        double[] now = cpuSeconds();
        return String.format("CPU used: generator %.1f s, connector %.1f s", now[0] - before[0], now[1] - before[1]);
    }

    /** A line of the connector's /proc/<pid>/status in kB (VmRSS now, VmHWM the peak); 0 once it is gone. */
    private long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + connector.pid() + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended, or no /proc here
        }
        return 0;
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(connector.url(path)))
                        .timeout(CALL_TIMEOUT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private void postJson(String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(connector.url(path)))
                        .timeout(CALL_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private synchronized void stopConnector() {
        if (connector != null) {
            try {
                connector.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connector = null;
        }
    }

    private static void progress(String format, Object... args) {
        System.err.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
