package com.nrsconnector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.support.FreePorts;
import com.nrsconnector.support.HubSpotRateCounts;
import com.nrsconnector.support.TestDatabases;

/**
 * Two connector processes on one PostgreSQL write to one HubSpot portal under a rate limit set low enough to bite
 * (the HubSpot stand-in, in a third process, enforces the same limit and answers 429 as HubSpot does): the stand-in
 * never answers 429, every event reaches the timeline once, every workflow execution is completed, and the run prints
 * how many HubSpot requests each message cost.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SharedRateLimitIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final int MESSAGES = Integer.getInteger("it.rate-limit.messages", 5000);
    private static final int CONTACTS = 20;
    /** Requests per portal and 10 s, for the connectors and the stand-in alike (HubSpot's is 110). */
    private static final int LIMIT = 20;

    private static final long PORTAL = 62515;

    private static String dbUrl;
    private static TestDatabases databases;
    private static String database;
    private static ConnectorProcess services;
    private static ConnectorProcess first;
    private static ConnectorProcess second;

    @BeforeAll
    static void start() throws Exception {
        String adminUrl = System.getProperty("postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = System.getProperty("postgres.user", "postgres");
        String password = System.getProperty("postgres.password", "");
        databases = new TestDatabases(adminUrl, user, password);
        database = databases.create("connector_it");
        dbUrl = databases.urlOf(database);
        DriverManager.setLoginTimeout(10);

        // The stand-ins' workflow enrollments call the first connector, as HubSpot calls the app's action URL.
        int firstPort = FreePorts.next();
        int servicesPort = FreePorts.next();
        String servicesUrl = "http://localhost:" + servicesPort;
        Map<String, String> standIns = new HashMap<>();
        standIns.put(
                "quarkus.datasource.embedded.jdbc.url",
                "jdbc:h2:mem:standins;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        standIns.put("connector.sandbox.delivery-delay", "0.2S");
        standIns.put("connector.public-base-url", "http://localhost:" + firstPort);
        standIns.put("connector.hubspot.api-base-url", servicesUrl + "/sandbox/hubspot");
        standIns.put("connector.nrs.api-base-url", servicesUrl + "/sandbox/360nrs/api/rest");
        standIns.put("connector.sandbox.hubspot-rate-limit-requests", Integer.toString(LIMIT));
        standIns.put("connector.sandbox.hubspot-rate-limit-period", "PT10S");
        services = ConnectorProcess.start("rate-stand-ins", servicesPort, Map.of(), standIns);

        Map<String, String> env =
                Map.of("CONNECTOR_DB_URL", dbUrl, "CONNECTOR_DB_USER", user, "CONNECTOR_DB_PASSWORD", password);
        Map<String, String> props = new HashMap<>();
        props.put("connector.hubspot.api-base-url", services.url("/sandbox/hubspot"));
        props.put("connector.nrs.api-base-url", services.url("/sandbox/360nrs/api/rest"));
        props.put("connector.hubspot.rate-limit-requests", Integer.toString(LIMIT));
        props.put("connector.hubspot.rate-limit-period", "PT10S");
        props.put("connector.dispatcher.poll-interval", "100ms");
        props.put("connector.dispatcher.hubspot-sync-interval", "300ms");
        props.put("connector.nrs.send-rate-per-second", "200");
        first = ConnectorProcess.start("rate-connector-1", firstPort, env, props);
        second = ConnectorProcess.start("rate-connector-2", env, props);
    }

    @AfterAll
    static void stop() throws Exception {
        for (ConnectorProcess process : new ConnectorProcess[] {first, second, services}) {
            if (process != null) {
                process.close();
            }
        }
        if (database != null) {
            databases.drop(database);
        }
    }

    @Test
    void twoInstancesSharingOnePortalsLimitNeverMeetA429AndLoseNoEvent() throws Exception {
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < CONTACTS; i++) {
            JsonNode created = postJson(
                    services.url("/sandbox/hubspot/contacts"),
                    "{\"properties\":{\"firstname\":\"Rate" + i + "\",\"mobilephone\":\"+34 612 100 "
                            + String.format("%03d", i) + "\"}}");
            contacts.add(created.path("id").asText());
        }
        long started = System.nanoTime();
        ExecutorService enrollers = Executors.newFixedThreadPool(8);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String body = "{\"actionType\":\"SEND_SMS\",\"contactId\":\"" + contacts.get(i % CONTACTS)
                    + "\",\"callbackId\":\"rate-" + i + "\",\"inputFields\":{\"sender\":\"ACME\",\"message\":\"Cita "
                    + i + "\"}}";
            answers.add(enrollers.submit(() -> postJson(services.url("/sandbox/hubspot/workflows/enroll"), body)
                    .path("status")
                    .asInt()));
        }
        for (Future<Integer> answer : answers) {
            assertEquals(200, answer.get(2, TimeUnit.MINUTES));
        }
        enrollers.shutdown();

        String written = "SELECT COUNT(*) FROM message_event WHERE timeline_state = 'WRITTEN'";
        String completed = "SELECT COUNT(*) FROM action_request WHERE completion_state = 'COMPLETED'";
        await(Duration.ofMinutes(3), () -> count(written) == 2L * MESSAGES && count(completed) == MESSAGES);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        assertEquals(MESSAGES, count("SELECT COUNT(*) FROM message WHERE status = 'DELIVERED'"));
        assertEquals(0, count("SELECT COUNT(*) FROM dead_letter"), "nothing given up");
        // Every event on its contact's timeline once, with the id it was recorded with.
        Set<String> ids = new HashSet<>();
        int events = 0;
        for (String contact : contacts) {
            for (JsonNode event : getJson(services.url("/sandbox/hubspot/contacts/" + contact + "/timeline"))) {
                events++;
                ids.add(event.path("id").asText());
            }
        }
        assertEquals(2 * MESSAGES, events, "timeline events");
        assertEquals(2 * MESSAGES, ids.size(), "distinct event ids");
        assertEquals(2L * MESSAGES, count("SELECT COUNT(DISTINCT event_uid) FROM message_event"));
        assertEquals(
                MESSAGES, getJson(services.url("/sandbox/hubspot/callbacks")).size(), "completions");

        HubSpotRateCounts counts = HubSpotRateCounts.read(HTTP, services.url(""), PORTAL);
        long requests = counts.requests();
        long byFirst = hubspotRequestsOf(first);
        long bySecond = hubspotRequestsOf(second);
        System.out.printf(
                "SharedRateLimitIT: %d messages through 2 instances in %d s, limit %d requests / 10 s: "
                        + "%d HubSpot requests (%.3f per message; %d by the first instance, %d by the second), "
                        + "%d answered 429%n",
                MESSAGES,
                seconds,
                LIMIT,
                requests,
                (double) requests / MESSAGES,
                byFirst,
                bySecond,
                counts.rateLimited());
        assertTrue(byFirst > 0 && bySecond > 0, "both instances wrote to HubSpot");
        assertEquals(0, counts.rateLimited(), "requests the HubSpot stand-in answered 429");

        // The stand-in does enforce the limit: one request too many in the period is answered as HubSpot answers it.
        HttpResponse<String> refused = null;
        String token = getTokenFromStandIn();
        for (int i = 0; i <= LIMIT && refused == null; i++) {
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(URI.create(
                                    services.url("/sandbox/hubspot/crm/v3/objects/contacts/" + contacts.get(0))))
                            .timeout(CALL_TIMEOUT)
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 429) {
                refused = answer;
            }
        }
        assertEquals(429, refused == null ? 200 : refused.statusCode(), "request " + (LIMIT + 1) + " in the period");
        assertEquals(
                Integer.toString(LIMIT),
                refused.headers().firstValue("X-HubSpot-RateLimit-Max").orElse(null));
        assertEquals(
                "0",
                refused.headers().firstValue("X-HubSpot-RateLimit-Remaining").orElse(null));
        assertEquals(
                "10000",
                refused.headers()
                        .firstValue("X-HubSpot-RateLimit-Interval-Milliseconds")
                        .orElse(null));
        JsonNode body = JSON.readTree(refused.body());
        assertEquals("RATE_LIMIT", body.path("errorType").asText());
        assertEquals("TEN_SECONDLY_ROLLING", body.path("policyName").asText());
        assertEquals(
                "You have reached your ten_secondly_rolling limit.",
                body.path("message").asText());
    }

    /** The HubSpot requests an instance made: its hubspot-http route's exchanges (management port metrics). */
    private static long hubspotRequestsOf(ConnectorProcess instance) throws Exception {
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(URI.create(instance.managementUrl("/q/metrics")))
                                .timeout(CALL_TIMEOUT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("camel_exchanges_total{") && line.contains("routeId=\"hubspot-http\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) total;
    }

    private static String getTokenFromStandIn() throws Exception {
        String form = "grant_type=refresh_token&client_id=sandbox-client-id&client_secret=sandbox-client-secret"
                + "&refresh_token=sandbox-refresh-token";
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(services.url("/sandbox/hubspot/oauth/v3/token")))
                        .timeout(CALL_TIMEOUT)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private static JsonNode postJson(String url, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(CALL_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static JsonNode getJson(String url) throws Exception {
        return JSON.readTree(HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(CALL_TIMEOUT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }

    private static Connection db() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", System.getProperty("postgres.user", "postgres"));
        props.setProperty("password", System.getProperty("postgres.password", ""));
        props.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(dbUrl, props);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = db();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void await(Duration limit, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("condition not met within " + limit);
    }
}
