package com.nrsconnector.flow;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.nrs.DeliveryStatusMapping;
import com.nrsconnector.sandbox.NrsSandbox;
import com.nrsconnector.send.SendGate;
import com.nrsconnector.send.SendRates;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The recipes of docs/changing-routes.md, each done here as an operator would do it while the connector runs
 * (on the copies under target/test-routes and target/test-config), and undone afterwards. Adding a field to the 360nrs
 * request is RouteReloadTest's.
 */
@QuarkusTest
class ChangingRoutesTest {

    private static final Path PIPELINE = Path.of("target/test-routes/send-pipeline.yaml");
    private static final Path CONFIG = Path.of("target/test-config");
    private static final String SKIP_ANCHOR = "        # Steps that skip sends go here";
    private static final Duration RELOAD = Duration.ofSeconds(60);

    @Inject
    CamelContext camel;

    @Inject
    SendRates sendRates;

    @Inject
    SendGate sendGate;

    @Inject
    DeliveryStatusMapping deliveryStatuses;

    @Inject
    com.nrsconnector.security.CallbackSigner signer;

    @Inject
    ConnectorConfig config;

    @Inject
    Db db;

    private String originalPipeline;
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void remember() throws Exception {
        originalPipeline = Files.readString(PIPELINE, StandardCharsets.UTF_8);
        Files.createDirectories(CONFIG);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void restore() throws Exception {
        Files.deleteIfExists(CONFIG.resolve("send-rates.properties"));
        Files.deleteIfExists(CONFIG.resolve("delivery-status.properties"));
        if (!Files.readString(PIPELINE, StandardCharsets.UTF_8).equals(originalPipeline)) {
            int before = reloads();
            RouteFiles.replace(PIPELINE, originalPipeline);
            await().atMost(RELOAD).until(() -> reloads() > before && pipelineRunning());
        }
        Logger.getLogger("").removeHandler(capture);
    }

    /**
     * Recipe: change an account's send rate. The dispatcher's gate asks sendRates for the account's rate on every
     * round, so an edit applies at once.
     */
    @Test
    void accountSendRateChangesWithoutRestart() throws Exception {
        BeanDefinition gate = beanStep("send-dispatcher", "sendGate", "admit");
        assertEquals("sendGate", gate.getRef());

        int defaultRate = config.nrs().sendRatePerSecond();
        assertEquals(defaultRate, sendRates.rateFor(NrsSandbox.USERNAME));

        Files.writeString(
                CONFIG.resolve("send-rates.properties"),
                "# slower for the sandbox account\n" + NrsSandbox.USERNAME + "=3\nother-account=50\n",
                StandardCharsets.UTF_8);
        assertEquals(3, sendRates.rateFor(NrsSandbox.USERNAME));
        assertEquals(50, sendRates.rateFor("other-account"));
        assertEquals(defaultRate, sendRates.rateFor("unlisted-account"));

        // Sends on the account go on at the new rate.
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 601"));
        String marker = Sandbox.marker();
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Rate " + marker));
        Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED"));
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
        assertEquals(3, sendGate.lanes().get(NrsSandbox.USERNAME).get("ratePerSecond"), "the gate applies it");

        Files.delete(CONFIG.resolve("send-rates.properties"));
        assertEquals(defaultRate, sendRates.rateFor(NrsSandbox.USERNAME));
    }

    /** Recipe: a step that skips some sends; they are settled NOT_SENT with its reason and never reach 360nrs. */
    @Test
    void addedStepSkipsSendsAsNotSentWithItsReason() throws Exception {
        String step = """
                        - filter:
                            simple: "${exchangeProperty.preparedSend.sender()} == 'PAUSED'"
                            steps:
                              - bean:
                                  ref: sendOutcome
                                  method: "skip(${exchangeProperty.preparedSend}, 'sender PAUSED is on hold')"
                              - stop: {}
                """;
        editPipeline(originalPipeline.replace(SKIP_ANCHOR, step + SKIP_ANCHOR));

        // The reload is asynchronous: a send made before it goes out, so try with fresh contacts until one is skipped.
        List<String> markers = new ArrayList<>();
        String skipped = await().atMost(RELOAD)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 602"));
                            String marker = Sandbox.marker();
                            markers.add(marker);
                            Sandbox.enroll(
                                    contact,
                                    Map.of("sender", "PAUSED", "message", "Paused " + marker),
                                    "paused-" + marker);
                            List<String> events = Sandbox.awaitEventTypes(contact, e -> !e.isEmpty());
                            return events.equals(List.of("SMS_NOT_SENT")) ? contact + " " + marker : null;
                        },
                        found -> found != null);
        String contact = skipped.split(" ")[0];
        String marker = skipped.split(" ")[1];

        assertEquals("sender PAUSED is on hold", Sandbox.awaitNotSentReason(contact));
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(0));
        Map<String, String> outputs = awaitCompletion("paused-" + marker);
        assertEquals("NOT_SENT", outputs.get("deliveryStatus"));
        assertThat(outputs.get("failureReason"), containsString("sender PAUSED is on hold"));
        assertEquals("FAIL_CONTINUE", outputs.get("hs_execution_state"));
        assertEquals(0L, (long) db.queryOne(
                        "SELECT COUNT(*) FROM send_queue WHERE message_id = "
                                + "(SELECT id FROM message WHERE callback_id = ?)",
                        r -> r.getLong(1),
                        "paused-" + marker)
                .orElse(0L));

        // Other senders are not touched by the step.
        String other = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 603"));
        Sandbox.enroll(other, Map.of("sender", "ACME", "message", "Not paused " + Sandbox.marker()));
        assertThat(
                Sandbox.awaitEventTypes(other, e -> e.contains("SMS_DELIVERED")),
                contains("SMS_SENT", "SMS_DELIVERED"));
    }

    /** Recipe: change what a delivery-report status means, in the mapping file, without a restart. */
    @Test
    void deliveryStatusMappingChangesWithoutRestart() throws Exception {
        assertEquals(DeliveryStatusMapping.IGNORE, deliveryStatuses.map("4"));
        assertEquals(DeliveryStatusMapping.UNKNOWN, deliveryStatuses.map("32"));
        // Through the delivery-report route: a report for a message this connector does not know, signed by it.
        long unknownMessage = 987_654_321L;
        String report = "/callbacks/360nrs/sms?ref=" + unknownMessage + "&sig=" + signer.sign("dlr", unknownMessage)
                + "&status=32";
        io.restassured.RestAssured.given()
                .get(report)
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("ignored: unknown status 32"));

        Files.writeString(
                CONFIG.resolve("delivery-status.properties"),
                "4=DELIVERED\n32 = NOT_DELIVERED\n64=MAYBE\n",
                StandardCharsets.UTF_8);
        assertEquals(DeliveryStatusMapping.DELIVERED, deliveryStatuses.map("4"));
        assertEquals(DeliveryStatusMapping.NOT_DELIVERED, deliveryStatuses.map(" 32 "));
        // Not a status the connector knows: left out, and said so in the log.
        assertEquals(DeliveryStatusMapping.UNKNOWN, deliveryStatuses.map("64"));
        assertTrue(
                logged.stream()
                        .anyMatch(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()
                                && String.valueOf(formatted(r)).contains("64")),
                "the refused value is logged");
        // Codes the file does not name keep their configured meaning.
        assertEquals(DeliveryStatusMapping.DELIVERED, deliveryStatuses.map("1"));
        // The route now maps 32 to NOT_DELIVERED and hands it to the state machine (which knows no such message).
        io.restassured.RestAssured.given()
                .get(report)
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("unknown_message"));

        Files.delete(CONFIG.resolve("delivery-status.properties"));
        assertEquals(DeliveryStatusMapping.IGNORE, deliveryStatuses.map("4"));
    }

    /** Reloading the pipeline while sends are handed over and held back by the rate loses none and sends none twice. */
    @Test
    void reloadingThePipelineLosesNoSendAndDoublesNone() throws Exception {
        // A slow account keeps sends going back and forth between the queue and the gate while the file is reloaded.
        Files.writeString(
                CONFIG.resolve("send-rates.properties"), NrsSandbox.USERNAME + "=2\n", StandardCharsets.UTF_8);
        List<String> markers = new ArrayList<>();
        List<String> callbacks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 61" + i));
            String marker = Sandbox.marker();
            markers.add(marker);
            callbacks.add("reload-" + marker);
            Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Reload " + marker), "reload-" + marker);
        }
        int before = reloads();
        editPipeline(originalPipeline + "\n# reloaded while sending\n");
        await().atMost(RELOAD).until(() -> reloads() > before && pipelineRunning());

        // Well within the lease (a lost send would wait for it to run out before being claimed again).
        await().atMost(Sandbox.WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> callbacks.stream().allMatch(callback -> "DELIVERED".equals(status(callback))));
        for (String marker : markers) {
            assertThat(marker, Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
        }
    }

    /** A pipeline file that does not parse is refused: the routes that ran keep running and the error is logged. */
    @Test
    void brokenPipelineFileIsRefusedAndSendsGoOn() throws Exception {
        editPipeline(originalPipeline.replace("    id: send-request\n", "    id: send-request\n  steps: [unclosed\n"));
        await().atMost(RELOAD)
                .until(() -> logged.stream()
                        .anyMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                                && String.valueOf(formatted(r)).contains("send-pipeline.yaml")));
        assertTrue(pipelineRunning(), "the previous send routes still run");
        // The operations API shows the refused reload too.
        io.restassured.path.json.JsonPath routes = io.restassured.RestAssured.given()
                .auth()
                .preemptive()
                .basic("ops", "sandbox-ops-password")
                .get("/ops/routes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(routes.getInt("liveReload.failures") >= 1, routes.prettify());
        assertTrue(routes.getString("liveReload.lastError") != null, routes.prettify());

        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 621"));
        String marker = Sandbox.marker();
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Broken file " + marker));
        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                contains("SMS_SENT", "SMS_DELIVERED"));
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
    }

    private void editPipeline(String edited) throws Exception {
        assertTrue(!edited.equals(originalPipeline), "the edit changes the file");
        RouteFiles.replace(PIPELINE, edited);
    }

    private boolean pipelineRunning() {
        return camel.getRouteController().getRouteStatus("send-dispatcher") == ServiceStatus.Started
                && camel.getRouteController().getRouteStatus("send-request") == ServiceStatus.Started;
    }

    /** How many successful reloads of the pipeline file the log has shown so far. */
    private int reloads() {
        return (int) logged.stream()
                .filter(r -> String.valueOf(formatted(r)).contains("Routes reloaded summary"))
                .count();
    }

    /** The route's bean step calling that bean's method, at any depth. */
    private BeanDefinition beanStep(String routeId, String ref, String method) {
        RouteDefinition route =
                camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition(routeId);
        BeanDefinition found = beanStep(route.getOutputs(), ref, method);
        if (found == null) {
            throw new AssertionError("route " + routeId + " has no step " + ref + "." + method);
        }
        return found;
    }

    private static BeanDefinition beanStep(List<ProcessorDefinition<?>> steps, String ref, String method) {
        for (ProcessorDefinition<?> step : steps) {
            if (step instanceof BeanDefinition bean && ref.equals(bean.getRef()) && method.equals(bean.getMethod())) {
                return bean;
            }
            BeanDefinition inner = beanStep(step.getOutputs(), ref, method);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    private String status(String callbackId) {
        return QueuedSends.status(db, callbackId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> awaitCompletion(String callbackId) {
        Map<String, Object> completion = await().atMost(Sandbox.WAIT)
                .until(
                        () -> Sandbox.completions().stream()
                                .filter(c -> callbackId.equals(c.get("callbackId")))
                                .findFirst()
                                .orElse(null),
                        c -> c != null);
        return (Map<String, String>) completion.get("outputFields");
    }

    private static String formatted(LogRecord record) {
        String text = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        return text + (record.getThrown() == null ? "" : " " + record.getThrown());
    }
}
