import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nrsconnector.support.SignedWorkflowCall;

/**
 * Measures the connector against its quality bars, on a running instance in sandbox mode: how fast a signed workflow
 * call is acknowledged (compared with the cheapest public answer, GET /api/v1/ping, on the same HTTP server, measured
 * in the same run), and how fast the queue drains against the configured 360nrs send rate. Prints figures; asserts
 * nothing.
 *
 * Run through bench/run.sh.
 */
public class AckBenchmark {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int messages = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        double configuredRate = Double.parseDouble(args[3]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        // Warm-up, then the baseline: the cheapest request the same HTTP server answers.
        for (int i = 0; i < 50; i++) {
            get(http, base + "/api/v1/ping");
            ack(http, base, "warmup-" + UUID.randomUUID(), "warm-up");
        }
        awaitSends(http, base, 50, Duration.ofSeconds(60));
        int sendsBefore = countSends(http, base);
        List<Long> baseline = timed(messages, concurrency, i -> get(http, base + "/api/v1/ping"));

        long start = System.nanoTime();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Long> acks = timed(messages, concurrency, i -> ack(http, base, "bench-" + run + "-" + i, "bench " + run));
        double ackSeconds = (System.nanoTime() - start) / 1e9;
        Duration drain = awaitSends(http, base, sendsBefore + messages, Duration.ofSeconds((long) (messages / Math.max(1, configuredRate) * 3 + 60)));
        double drainSeconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("messages=%d concurrency=%d%n", messages, concurrency);
        System.out.printf("baseline GET /api/v1/ping       p50=%.2fms p95=%.2fms p99=%.2fms%n",
                pct(baseline, 50), pct(baseline, 95), pct(baseline, 99));
        System.out.printf("workflow call acknowledged      p50=%.2fms p95=%.2fms p99=%.2fms max=%.2fms (%.0f calls/s)%n",
                pct(acks, 50), pct(acks, 95), pct(acks, 99), pct(acks, 100), messages / ackSeconds);
        System.out.printf("ack p50 over baseline p50       %.1fx%n", pct(acks, 50) / Math.max(0.001, pct(baseline, 50)));
        if (drain == null) {
            System.out.printf("drain                           NOT FINISHED within the time allowed%n");
        } else {
            System.out.printf("drain to 360nrs                 %.1fs for %d sends = %.1f sends/s (configured %.1f/s)%n",
                    drainSeconds, messages, messages / drainSeconds, configuredRate);
        }
    }

    interface Call {
        int run(int i) throws Exception;
    }

    private static List<Long> timed(int count, int concurrency, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    int status = call.run(n);
                    if (status != 200) {
                        throw new IllegalStateException("unexpected HTTP " + status);
                    }
                    return System.nanoTime() - t0;
                }));
            }
            List<Long> nanos = new ArrayList<>();
            for (Future<Long> f : futures) {
                nanos.add(f.get());
            }
            Collections.sort(nanos);
            return nanos;
        } finally {
            pool.shutdown();
        }
    }

    private static double pct(List<Long> sortedNanos, int p) {
        int index = Math.min(sortedNanos.size() - 1, (int) Math.ceil(p / 100.0 * sortedNanos.size()) - 1);
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }

    private static int get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static int ack(HttpClient http, String base, String callbackId, String text) throws Exception {
        return http.send(SignedWorkflowCall.sendSms(base, callbackId, "BENCH", "Hola {{contact.firstname}}, " + text),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int countSends(HttpClient http, String base) throws Exception {
        String log = http.send(HttpRequest.newBuilder(URI.create(base + "/sandbox/360nrs/requests")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        int count = 0;
        for (int i = log.indexOf("\"path\":\"/api/rest/sms\""); i >= 0; i = log.indexOf("\"path\":\"/api/rest/sms\"", i + 1)) {
            count++;
        }
        return count;
    }

    private static Duration awaitSends(HttpClient http, String base, int target, Duration limit) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            if (countSends(http, base) >= target) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(200);
        }
        return null;
    }
}
