package com.nrsconnector.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.support.FreePorts;
import com.nrsconnector.support.SignedWorkflowCall;
import com.nrsconnector.support.TestDatabases;

/**
 * The packaged connector on PostgreSQL under faults, against the stand-ins in a separate process: 360nrs answering
 * 500 (which opens the circuit breaker), then holding requests past the client timeout, then recovering; the
 * database refusing the SENT write after 360nrs accepted a few messages; and three kill -9 of the connector with
 * restarts. Afterwards no message may have been accepted by 360nrs twice, none may be lost, none left PENDING.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class FaultToleranceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(120);
    private static final int CALLS = 200;
    /** Calls whose message text makes the database refuse the SENT write (see the trigger below). */
    private static final Set<Integer> DB_REFUSED = Set.of(95, 97, 99, 101, 103);

    private static final Set<Integer> KILL_BEFORE = Set.of(75, 130, 170);

    private static TestDatabases databases;
    private static String dbUrl;
    private static String database;
    private static ConnectorProcess services;
    private static ConnectorProcess connector;
    private static int connectorPort;
    private static int restarts;
    private static Map<String, String> connectorEnv;
    private static Map<String, String> connectorProps;

    @BeforeAll
    static void start() throws Exception {
        databases = new TestDatabases(
                System.getProperty("postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"), user(), password());
        database = databases.create("connector_it");
        dbUrl = databases.urlOf(database);
        DriverManager.setLoginTimeout(10);

        // The stand-ins' process (its own embedded database; its connector side stays idle).
        services = ConnectorProcess.start(
                "fault-stand-ins",
                Map.of(),
                Map.of(
                        "quarkus.datasource.embedded.jdbc.url",
                                "jdbc:h2:mem:faultstandins;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                        "connector.sandbox.delivery-delay", "0.2S"));
        connectorEnv =
                Map.of("CONNECTOR_DB_URL", dbUrl, "CONNECTOR_DB_USER", user(), "CONNECTOR_DB_PASSWORD", password());
        connectorProps = new HashMap<>();
        connectorProps.put("connector.hubspot.api-base-url", services.url("/sandbox/hubspot"));
        connectorProps.put("connector.nrs.api-base-url", services.url("/sandbox/360nrs/api/rest"));
        connectorProps.put("connector.dispatcher.lease", "PT3S");
        connectorProps.put("connector.dispatcher.poll-interval", "100ms");
        connectorProps.put("connector.dispatcher.hubspot-sync-interval", "300ms");
        connectorProps.put("connector.dispatcher.max-attempts", "4");
        connectorProps.put("connector.dispatcher.initial-backoff", "PT0.2S");
        // Sends that ran out of attempts wait this long for a replay, then settle NOT_SENT.
        connectorProps.put("connector.dispatcher.dead-letter-hold", "PT5S");
        connectorProps.put("connector.nrs.send-rate-per-second", "20");
        connectorProps.put("connector.nrs.breaker.minimum-number-of-calls", "5");
        connectorProps.put("connector.nrs.breaker.sliding-window-size", "10");
        connectorProps.put("connector.nrs.breaker.wait-in-open-state", "PT2S");
        connectorProps.put("camel.component.http.so-timeout", "1000");
        connectorProps.put("camel.component.http.response-timeout", "1000");
        connectorPort = FreePorts.next();
        connector = startConnector();
    }

    @AfterAll
    static void stop() throws Exception {
        for (ConnectorProcess process : new ConnectorProcess[] {connector, services}) {
            if (process != null) {
                process.close();
            }
        }
        if (database != null) {
            databases.drop(database);
        }
    }

    @Test
    void noFaultSendsTwiceLosesOrStallsAMessage() throws Exception {
        String run = "ft" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        Map<Integer, String> acknowledged = new LinkedHashMap<>();
        Map<Integer, Integer> refusedCalls = new TreeMap<>();
        for (int i = 0; i < CALLS; i++) {
            if (i == 30) {
                fault("{\"status\":500}");
            } else if (i == 60) {
                fault("{\"hang\":true,\"hangFor\":\"PT3S\"}");
            } else if (i == 90) {
                clearFault();
                refuseSentWrites(true);
            }
            if (KILL_BEFORE.contains(i)) {
                connector.kill();
                connector = startConnector();
            }
            String marker = run + "x" + i + "y" + (DB_REFUSED.contains(i) ? "dbrefuse" : "");
            int status = post(callbackId(marker), marker);
            if (status == 200) {
                acknowledged.put(i, marker);
            } else {
                refusedCalls.put(i, status);
            }
            // Paced so that each fault phase lasts a few seconds while the queue is busy.
            Thread.sleep(80);
        }
        clearFault();
        refuseSentWrites(false);

        long settleStart = System.nanoTime();
        long pending = pendingOf(run);
        while (pending > 0 && System.nanoTime() - settleStart < SETTLE_LIMIT.toNanos()) {
            Thread.sleep(500);
            pending = pendingOf(run);
        }

        Map<String, Integer> accepted = acceptedPerMarker(run);
        Map<String, String> statuses = new HashMap<>();
        Map<String, String> reasons = new HashMap<>();
        try (Connection c = db();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(
                        "SELECT callback_id, status, reason FROM message WHERE callback_id LIKE 'cb-" + run + "%'")) {
            while (rows.next()) {
                statuses.put(rows.getString(1), rows.getString(2));
                reasons.put(rows.getString(1), rows.getString(3));
            }
        }
        int sentOnce = 0;
        List<String> sentTwice = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> notSentReasons = new TreeMap<>();
        for (Map.Entry<Integer, String> call : acknowledged.entrySet()) {
            String marker = call.getValue();
            int times = accepted.getOrDefault(marker, 0);
            if (times == 1) {
                sentOnce++;
            } else if (times > 1) {
                sentTwice.add(call.getKey() + " (" + times + " times, " + statuses.get(callbackId(marker)) + ")");
            }
            String status = statuses.get(callbackId(marker));
            byStatus.merge(String.valueOf(status), 1, Integer::sum);
            if (status == null) {
                lost.add(call.getKey() + " (no message row)");
            } else if ("PENDING".equals(status)) {
                lost.add(call.getKey() + " (never settled)");
                stuck.add(String.valueOf(call.getKey()));
            } else if ("NOT_SENT".equals(status)) {
                String reason = String.valueOf(reasons.get(callbackId(marker)));
                notSentReasons.merge(reason.length() > 90 ? reason.substring(0, 90) : reason, 1, Integer::sum);
            }
        }

        StringBuilder summary = new StringBuilder("\n=== fault tolerance (")
                .append(CALLS)
                .append(" calls, run ")
                .append(run)
                .append(") ===\n");
        summary.append("acknowledged = ").append(acknowledged.size()).append('\n');
        summary.append("calls not acknowledged = ").append(refusedCalls).append('\n');
        summary.append("sent once = ").append(sentOnce).append('\n');
        summary.append("sent more than once = ")
                .append(sentTwice.size())
                .append(' ')
                .append(sentTwice)
                .append('\n');
        summary.append("lost = ").append(lost.size()).append(' ').append(lost).append('\n');
        summary.append("stuck after settling = ")
                .append(stuck.size())
                .append(' ')
                .append(stuck)
                .append('\n');
        summary.append("statuses = ").append(byStatus).append('\n');
        summary.append("NOT_SENT reasons = ").append(notSentReasons).append('\n');
        summary.append("connector restarts = ").append(restarts).append('\n');
        System.out.println(summary);

        assertAll(
                () -> assertEquals(List.of(), sentTwice, "sent more than once"),
                () -> assertEquals(List.of(), lost, "lost"),
                () -> assertEquals(List.of(), stuck, "stuck after settling"));
    }

    private static ConnectorProcess startConnector() throws Exception {
        String name = "fault-connector-" + (++restarts);
        return ConnectorProcess.start(name, connectorPort, connectorEnv, connectorProps);
    }

    private static String callbackId(String marker) {
        return "cb-" + marker;
    }

    private static int post(String callbackId, String marker) {
        HttpRequest request = HttpRequest.newBuilder(
                        SignedWorkflowCall.sendSms(connector.url(""), callbackId, "ACME", "Hola " + marker + " fin"),
                        (name, value) -> true)
                .timeout(CALL_TIMEOUT)
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void clearFault() throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(services.url("/sandbox/360nrs/faults")))
                        .timeout(CALL_TIMEOUT)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), "the 360nrs stand-in clears its fault: " + answer.body());
    }

    private static void fault(String body) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(services.url("/sandbox/360nrs/faults")))
                        .timeout(CALL_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), "the 360nrs stand-in takes the fault " + body + ": " + answer.body());
    }

    /** While on, the database refuses to record as SENT a message whose text says dbrefuse: after 360nrs accepted it. */
    private static void refuseSentWrites(boolean on) throws Exception {
        try (Connection c = db();
                Statement s = c.createStatement()) {
            if (on) {
                s.execute(
                        "CREATE OR REPLACE FUNCTION refuse_sent_write() RETURNS trigger AS $$ BEGIN "
                                + "IF NEW.status = 'SENT' AND NEW.text LIKE '%dbrefuse%' THEN "
                                + "RAISE EXCEPTION 'the database refuses this write'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
                s.execute("DROP TRIGGER IF EXISTS message_refuse_sent ON message");
                s.execute("CREATE TRIGGER message_refuse_sent BEFORE UPDATE ON message FOR EACH ROW "
                        + "EXECUTE FUNCTION refuse_sent_write()");
            } else {
                s.execute("DROP TRIGGER IF EXISTS message_refuse_sent ON message");
            }
        }
    }

    /** How many times the 360nrs stand-in accepted each marker of this run. */
    private static Map<String, Integer> acceptedPerMarker(String run) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(services.url("/sandbox/360nrs/messages")))
                        .timeout(CALL_TIMEOUT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        Map<String, Integer> counts = new HashMap<>();
        Pattern marker = Pattern.compile("Hola (" + run + "x\\d+y(?:dbrefuse)?) fin");
        for (JsonNode message : JSON.readTree(answer.body())) {
            Matcher m = marker.matcher(message.path("message").asText());
            if (m.find()) {
                counts.merge(m.group(1), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static long pendingOf(String run) throws Exception {
        try (Connection c = db();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM message WHERE callback_id LIKE 'cb-" + run
                        + "%' AND status = 'PENDING'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Connection db() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", user());
        props.setProperty("password", password());
        props.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(dbUrl, props);
    }

    private static String user() {
        return System.getProperty("postgres.user", "postgres");
    }

    private static String password() {
        return System.getProperty("postgres.password", "");
    }
}
