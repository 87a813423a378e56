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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.support.SignedWorkflowCall;
import com.nrsconnector.support.TestDatabases;

/**
 * Two connector processes on one PostgreSQL, talking to HubSpot and 360nrs stand-ins in a third process: work is
 * shared and never done twice, a HubSpot retry landing on the other instance sends nothing new, and after one
 * instance is killed (kill -9) mid-drain the other takes its work over: nothing is lost and nothing sent twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MultiInstanceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    /** Sends each instance has under way at once: what a kill -9 can leave with an unknown outcome. */
    private static final int MAX_IN_FLIGHT = 4;

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

        // The third process only serves the sandbox stand-ins (its own connector side stays idle).
        services = ConnectorProcess.start(
                "stand-ins",
                Map.of(),
                Map.of(
                        "quarkus.datasource.embedded.jdbc.url",
                                "jdbc:h2:mem:standins;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                        "connector.sandbox.delivery-delay", "0.2S"));
        Map<String, String> env =
                Map.of("CONNECTOR_DB_URL", dbUrl, "CONNECTOR_DB_USER", user, "CONNECTOR_DB_PASSWORD", password);
        Map<String, String> props = new HashMap<>();
        props.put("connector.hubspot.api-base-url", services.url("/sandbox/hubspot"));
        props.put("connector.nrs.api-base-url", services.url("/sandbox/360nrs/api/rest"));
        props.put("connector.dispatcher.lease", "PT3S");
        props.put("connector.dispatcher.poll-interval", "100ms");
        props.put("connector.dispatcher.hubspot-sync-interval", "300ms");
        props.put("connector.nrs.send-rate-per-second", "10");
        props.put("connector.nrs.max-in-flight", Integer.toString(MAX_IN_FLIGHT));
        first = ConnectorProcess.start("connector-1", env, props);
        second = ConnectorProcess.start("connector-2", env, props);
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
    @Order(1)
    void twoInstancesShareTheQueueAndNeverSendTwice() throws Exception {
        String run = "share" + UUID.randomUUID().toString().substring(0, 6);
        List<String> markers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String marker = run + "-" + i;
            markers.add(marker);
            post(i % 2 == 0 ? first : second, "cb-" + marker, marker);
        }
        // HubSpot retries of the same execution landing on the other instance.
        for (int i = 0; i < 10; i++) {
            String marker = run + "-retry-" + i;
            markers.add(marker);
            assertEquals(200, post(first, "cb-" + marker, marker));
            assertEquals(200, post(second, "cb-" + marker, marker));
        }
        await(Duration.ofSeconds(60), () -> markers.stream().allMatch(m -> sendsOf(m) >= 1));
        Thread.sleep(1500);
        for (String marker : markers) {
            assertEquals(1, sendsOf(marker), "360nrs requests for " + marker);
        }
        assertEquals(50, count("SELECT COUNT(*) FROM message WHERE callback_id LIKE 'cb-" + run + "%'"));
        await(
                Duration.ofSeconds(30),
                () -> count("SELECT COUNT(*) FROM message WHERE callback_id LIKE 'cb-" + run
                                + "%' AND status = 'DELIVERED'")
                        == 50);
    }

    @Test
    @Order(2)
    void killedInstancesWorkIsTakenOverWithoutLossOrDuplicates() throws Exception {
        String run = "kill" + UUID.randomUUID().toString().substring(0, 6);
        List<String> markers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String marker = run + "-" + i;
            markers.add(marker);
            assertEquals(200, post(first, "cb-" + marker, marker));
        }
        // Kill the first instance while the two instances drain the shared queue.
        await(
                Duration.ofSeconds(30),
                () -> markers.stream().filter(m -> sendsOf(m) > 0).count() >= 8);
        first.kill();

        String settled =
                "SELECT COUNT(*) FROM message WHERE callback_id LIKE 'cb-" + run + "%' AND status <> 'PENDING'";
        await(Duration.ofSeconds(90), () -> count(settled) == 40);
        assertEquals(
                40, count("SELECT COUNT(*) FROM message WHERE callback_id LIKE 'cb-" + run + "%'"), "nothing lost");
        for (String marker : markers) {
            int requests = sendsOf(marker);
            String status = text("SELECT status FROM message WHERE callback_id = 'cb-" + marker + "'");
            if ("NOT_SENT".equals(status)) {
                // Mid-request when its instance died: settled as unknown (and dead-lettered), never sent again.
                assertTrue(
                        text("SELECT reason FROM message WHERE callback_id = 'cb-" + marker + "'")
                                .contains("outcome is unknown"),
                        marker);
                assertTrue(requests <= 1, marker + " was sent " + requests + " times");
            } else {
                assertEquals(1, requests, marker + " (" + status + ") 360nrs requests");
            }
        }
        assertTrue(
                count("SELECT COUNT(*) FROM message WHERE callback_id LIKE 'cb-" + run + "%' AND status = 'NOT_SENT'")
                        <= MAX_IN_FLIGHT,
                "at most the sends that were in flight at the kill are settled as unknown");
    }

    private static int post(ConnectorProcess to, String callbackId, String marker) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        SignedWorkflowCall.sendSms(to.url(""), callbackId, "ACME", "Hola " + marker + " fin"),
                        (name, value) -> true)
                .timeout(CALL_TIMEOUT)
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static JsonNode standInLog;
    private static long standInLogAt;

    /** How many send requests the 360nrs stand-in received for this marker. */
    private static int sendsOf(String marker) {
        try {
            if (standInLog == null || System.nanoTime() - standInLogAt > 200_000_000L) {
                standInLog = JSON.readTree(HTTP.send(
                                HttpRequest.newBuilder(URI.create(services.url("/sandbox/360nrs/requests")))
                                        .timeout(CALL_TIMEOUT)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                standInLogAt = System.nanoTime();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        int count = 0;
        for (JsonNode request : standInLog) {
            if ("/api/rest/sms".equals(request.path("path").asText())
                    && request.path("body").asText().contains("Hola " + marker + " fin")) {
                count++;
            }
        }
        return count;
    }

    private static Connection db() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", System.getProperty("postgres.user", "postgres"));
        props.setProperty("password", System.getProperty("postgres.password", ""));
        props.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(dbUrl, props);
    }

    private static String text(String sql) throws Exception {
        try (Connection c = db();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
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
            Thread.sleep(250);
        }
        throw new AssertionError("condition not met within " + limit);
    }
}
