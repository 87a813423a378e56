package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.ops.DeadLetterStore;
import com.nrsconnector.sandbox.NrsSandbox;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The operations API: HTTP Basic on every endpoint, the routes with their sources and counts, reloading the YAML
 * routes, and dead letters listed, inspected, replayed exactly once and discarded.
 */
@QuarkusTest
class OpsApiTest {

    private static final String ROUTES_DIR = "target/test-routes";

    @Inject
    CamelContext camel;

    @Inject
    Db db;

    @Inject
    ConnectorConfig config;

    @Inject
    DeadLetterStore deadLetters;

    private static RequestSpecification ops() {
        return given().auth().preemptive().basic("ops", "sandbox-ops-password");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET,/ops/routes",
        "POST,/ops/routes/reload",
        "GET,/ops/senders",
        "GET,/ops/dead-letters",
        "GET,/ops/dead-letters/1",
        "DELETE,/ops/dead-letters/1",
        "POST,/ops/dead-letters/1/replay",
        "POST,/ops/dead-letters/replay"
    })
    void everyEndpointRefusesMissingOrWrongCredentials(String method, String path) {
        for (RequestSpecification request : List.of(
                given(),
                given().auth().preemptive().basic("ops", "wrong-password"),
                given().auth().preemptive().basic("someone", "sandbox-ops-password"),
                given().header("Authorization", "Bearer sandbox-ops-password"),
                given().header("Authorization", "Basic not*base64"))) {
            Response response = request.request(method, path);
            assertEquals(401, response.statusCode(), method + " " + path + ": " + response.asString());
            assertEquals("Basic realm=\"connector-ops\"", response.header("WWW-Authenticate"));
            assertThat(response.contentType(), containsString("application/json"));
            assertEquals("error", response.jsonPath().getString("status"));
            assertThat(response.jsonPath().getString("message"), containsString("operations API"));
        }
    }

    @Test
    void sendersShowEachAccountsBreakerRateAndSendsInFlight() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 581"));
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Estado " + Sandbox.marker()));
        Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_SENT"));
        JsonPath senders =
                ops().get("/ops/senders").then().statusCode(200).extract().jsonPath();
        assertEquals("CLOSED", senders.getString("accounts.sandbox.breaker"), senders.prettify());
        assertEquals(config.nrs().sendRatePerSecond(), senders.getInt("accounts.sandbox.ratePerSecond"));
        assertTrue(senders.getInt("accounts.sandbox.holding") >= 0, senders.prettify());
        assertEquals(2 * config.nrs().maxInFlight(), senders.getInt("capacity"));
        assertEquals(config.nrs().maxInFlightPerAccount(), senders.getInt("maxInFlightPerAccount"));
    }

    @Test
    void routesAreListedWithTheirSourceEndpointStatusAndCounts() {
        JsonPath routes =
                ops().get("/ops/routes").then().statusCode(200).extract().jsonPath();
        Map<String, Object> action = route(routes, "hubspot-send-sms-action");
        assertEquals("routes/hubspot-workflow-actions.yaml", action.get("source"));
        assertThat((String) action.get("from"), startsWith("platform-http:"));
        assertThat((String) action.get("from"), containsString("/hubspot/actions/send-sms"));
        assertEquals("Started", action.get("status"));
        Map<String, Object> dispatcher = route(routes, "send-dispatcher");
        assertEquals("routes/send-pipeline.yaml", dispatcher.get("source"));
        assertThat((String) dispatcher.get("from"), containsString("timer:"));
        // The dispatcher's timer fires every few hundred milliseconds.
        await().atMost(Sandbox.WAIT)
                .until(() -> ((Number) route(ops().get("/ops/routes").jsonPath(), "send-dispatcher")
                                        .get("exchangesTotal"))
                                .longValue()
                        > 0);
        Map<String, Object> send = route(routes, "send-request");
        assertEquals("routes/send-pipeline.yaml", send.get("source"));
        assertThat(((Number) send.get("exchangesFailed")).longValue(), is(0L));
        assertEquals(
                "routes/nrs-callbacks.yaml",
                route(routes, "nrs-sms-delivery-callback").get("source"));
        assertEquals(
                "routes/ops-api.yaml", route(routes, "ops-dead-letter-replay").get("source"));
        assertEquals(
                "routes/hubspot-writers.yaml", route(routes, "timeline-writer").get("source"));
        assertEquals(
                "routes/hubspot-writers.yaml",
                route(routes, "workflow-completions").get("source"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> route(JsonPath routes, String id) {
        List<Map<String, Object>> all = routes.getList("routes");
        return all.stream()
                .filter(r -> id.equals(r.get("id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("route " + id + " not listed"));
    }

    @Test
    void reloadAnswersWhatWasReloadedAndRefusesAFileThatDoesNotParse() throws Exception {
        JsonPath reloaded = ops().post("/ops/routes/reload")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("ok", reloaded.getString("status"));
        assertThat(reloaded.getList("reloaded.source"), hasItem("routes/hubspot-workflow-actions.yaml"));
        assertThat(
                reloaded.getList("reloaded.find { it.source == 'routes/short-links.yaml' }.routes"),
                contains("short-link-redirect"));
        assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus("hubspot-send-sms-action"));

        Path broken = Path.of(ROUTES_DIR, "zz-ops-broken-" + UUID.randomUUID() + ".yaml");
        Files.writeString(broken, "- route:\n    id: broken\n    from: [unclosed\n", StandardCharsets.UTF_8);
        try {
            Response refused = ops().post("/ops/routes/reload");
            assertEquals(400, refused.statusCode(), refused.asString());
            assertEquals("routes/" + broken.getFileName(), refused.jsonPath().getString("field"));
            assertThat(refused.jsonPath().getString("message"), containsString("the routes in use keep serving"));
        } finally {
            Files.delete(broken);
        }
        // The previous routes still serve.
        given().contentType("application/json")
                .body("{}")
                .post("/hubspot/actions/send-sms")
                .then()
                .statusCode(401);
        assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus("hubspot-send-sms-action"));
    }

    @Test
    void exhaustedSendIsReplayedOnceThenNotAgainThenDiscarded() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 601"));
        String marker = Sandbox.marker();
        String callbackId = "ops-replay-" + marker;
        camel.getRouteController().stopRoute("send-dispatcher");
        try {
            Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Reenvío " + marker), callbackId);
            assertEquals(
                    1,
                    db.update(
                            "UPDATE send_queue SET attempts = ? WHERE message_id = "
                                    + "(SELECT id FROM message WHERE callback_id = ?)",
                            config.dispatcher().maxAttempts(),
                            callbackId));
        } finally {
            camel.getRouteController().startRoute("send-dispatcher");
        }
        assertThat(Sandbox.awaitNotSentReason(contact), containsString("could not be processed after"));
        long messageId = db.queryOne("SELECT id FROM message WHERE callback_id = ?", r -> r.getLong(1), callbackId)
                .orElseThrow();

        Map<String, Object> letter =
                await().atMost(Sandbox.WAIT).until(() -> findLetter("send-request", messageId), found -> found != null);
        assertEquals("OPEN", letter.get("status"));
        assertEquals(62515, ((Number) letter.get("portalId")).intValue());
        assertEquals(config.dispatcher().maxAttempts(), ((Number) letter.get("attempts")).intValue());
        assertEquals(false, letter.get("outcomeUnknown"));
        assertThat((String) letter.get("exception"), containsString("could not be processed"));
        assertTrue(letter.get("firstFailureAt") != null && letter.get("lastFailureAt") != null, letter.toString());
        long id = ((Number) letter.get("id")).longValue();
        ops().get("/ops/dead-letters/" + id)
                .then()
                .statusCode(200)
                .body("messageId", equalTo((int) messageId))
                .body("headers.messageId", equalTo((int) messageId))
                .body("replays", hasSize(0));

        JsonPath first = ops().post("/ops/dead-letters/" + id + "/replay")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("REQUEUED", first.getString("outcome"));
        assertEquals("REPLAYED", first.getString("status"));
        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                contains("SMS_NOT_SENT", "SMS_SENT", "SMS_DELIVERED"));
        Outbox.awaitNothingPendingFor(db, callbackId);
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
        assertEquals(
                "DELIVERED",
                db.queryOne("SELECT status FROM message WHERE id = ?", r -> r.getString(1), messageId)
                        .orElseThrow());

        JsonPath again = ops().post("/ops/dead-letters/" + id + "/replay")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("ALREADY_SENT", again.getString("outcome"));
        assertThat(again.getString("message"), containsString("nothing was sent"));
        // HubSpot completes an execution once: the one completion of this callbackId stays the only one.
        Outbox.awaitNothingPendingFor(db, callbackId);
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
        assertEquals(
                1,
                Sandbox.completions().stream()
                        .filter(c -> callbackId.equals(c.get("callbackId")))
                        .count());

        JsonPath shown = ops().get("/ops/dead-letters/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of("REQUEUED", "ALREADY_SENT"), shown.getList("replays.outcome"));
        assertEquals(List.of("ops", "ops"), shown.getList("replays.by"));

        JsonPath discarded = ops().delete("/ops/dead-letters/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("DISCARDED", discarded.getString("deadLetter.status"));
        assertEquals("ops", discarded.getString("deadLetter.statusChangedBy"));
        Response refused = ops().post("/ops/dead-letters/" + id + "/replay");
        assertEquals(409, refused.statusCode(), refused.asString());
        assertThat(refused.jsonPath().getString("message"), containsString("discarded"));
        ops().get("/ops/dead-letters/" + id).then().statusCode(200).body("status", equalTo("DISCARDED"));
    }

    @Test
    void replayWithdrawsTheCompletionItsNotSentQueuedWhileThatWasNotSentYet() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 602"));
        String marker = Sandbox.marker();
        String callbackId = "ops-withdraw-" + marker;
        camel.getRouteController().stopRoute("workflow-completions");
        try {
            camel.getRouteController().stopRoute("send-dispatcher");
            try {
                Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Retirada " + marker), callbackId);
                assertEquals(
                        1,
                        db.update(
                                "UPDATE send_queue SET attempts = ? WHERE message_id = "
                                        + "(SELECT id FROM message WHERE callback_id = ?)",
                                config.dispatcher().maxAttempts(),
                                callbackId));
            } finally {
                camel.getRouteController().startRoute("send-dispatcher");
            }
            assertThat(Sandbox.awaitNotSentReason(contact), containsString("could not be processed after"));
            long messageId = db.queryOne("SELECT id FROM message WHERE callback_id = ?", r -> r.getLong(1), callbackId)
                    .orElseThrow();
            assertEquals("PENDING", completionState(callbackId));
            Map<String, Object> letter = await().atMost(Sandbox.WAIT)
                    .until(() -> findLetter("send-request", messageId), found -> found != null);

            JsonPath replay = ops().post("/ops/dead-letters/" + letter.get("id") + "/replay")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertEquals("REQUEUED", replay.getString("outcome"));
            assertThat(
                    Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                    contains("SMS_NOT_SENT", "SMS_SENT", "SMS_DELIVERED"));
        } finally {
            camel.getRouteController().startRoute("workflow-completions");
        }
        // The workflow is completed once, with the replay's outcome, not the withdrawn NOT_SENT.
        Map<String, Object> completion = await().atMost(Sandbox.WAIT)
                .until(
                        () -> Sandbox.completions().stream()
                                .filter(c -> callbackId.equals(c.get("callbackId")))
                                .findFirst()
                                .orElse(null),
                        c -> c != null);
        assertEquals("DELIVERED", ((Map<?, ?>) completion.get("outputFields")).get("deliveryStatus"));
        Outbox.awaitNothingPendingFor(db, callbackId);
        assertEquals(
                1,
                Sandbox.completions().stream()
                        .filter(c -> callbackId.equals(c.get("callbackId")))
                        .count());
        assertEquals("COMPLETED", completionState(callbackId));
    }

    private String completionState(String callbackId) {
        return db.queryOne(
                        "SELECT completion_state FROM action_request WHERE callback_id = ?",
                        r -> r.getString(1),
                        callbackId)
                .orElseThrow();
    }

    @Test
    void unknownOutcomeIsReplayedOnlyWhenTheOperatorConfirms() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+" + NrsSandbox.TIMES_OUT));
        String marker = Sandbox.marker();
        String callbackId = "ops-unknown-" + marker;
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Incierto " + marker), callbackId);
        assertThat(Sandbox.awaitNotSentReason(contact), containsString("outcome is unknown"));
        long messageId = db.queryOne("SELECT id FROM message WHERE callback_id = ?", r -> r.getLong(1), callbackId)
                .orElseThrow();
        Map<String, Object> letter =
                await().atMost(Sandbox.WAIT).until(() -> findLetter("send-request", messageId), found -> found != null);
        assertEquals(true, letter.get("outcomeUnknown"));
        long id = ((Number) letter.get("id")).longValue();

        for (String query : new String[] {"", "?confirmUnknownOutcome=false"}) {
            Response refused = ops().post("/ops/dead-letters/" + id + "/replay" + query);
            assertEquals(409, refused.statusCode(), refused.asString());
            assertThat(refused.jsonPath().getString("message"), containsString("confirmUnknownOutcome=true"));
        }
        ops().post("/ops/dead-letters/" + id + "/replay?confirmUnknownOutcome=yes")
                .then()
                .statusCode(400)
                .body("field", equalTo("confirmUnknownOutcome"));
        // Bulk replays refuse it too, and say so for that dead letter.
        JsonPath bulk = ops().queryParam("routeId", "send-request")
                .queryParam("portalId", 62515)
                .queryParam("since", letter.get("lastFailureAt"))
                .post("/ops/dead-letters/replay")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(bulk.getString("results.find { it.deadLetterId == " + id + " }.outcome"), equalTo("REFUSED"));
        assertEquals(1, Sandbox.nrsSmsRequestsMentioning(marker).size());
        ops().get("/ops/dead-letters/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("replays", hasSize(0));

        // Confirmed: asked once more; the number hangs again, so the same dead letter opens again with that replay.
        ops().post("/ops/dead-letters/" + id + "/replay?confirmUnknownOutcome=true")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("REQUEUED"));
        await().atMost(Sandbox.WAIT)
                .until(() -> Sandbox.nrsSmsRequestsMentioning(marker).size() == 2);
        JsonPath reopened = await().atMost(Sandbox.WAIT)
                .until(
                        () -> ops().get("/ops/dead-letters/" + id).jsonPath(),
                        j -> "OPEN".equals(j.getString("status")));
        assertEquals(List.of("REQUEUED"), reopened.getList("replays.outcome"));
        assertThat(reopened.getInt("attempts"), greaterThan(1));
    }

    @Test
    void httpRouteDeadLettersAreNotReplayable() {
        String routeId = "hubspot-send-sms-action";
        String marker = Sandbox.marker();
        deadLetters.record(
                routeId,
                "bean://workflowActionIntake",
                "{\"callbackId\":\"" + marker + "\"}",
                Map.of("Content-Type", "application/json"),
                "java.lang.IllegalStateException: " + marker,
                1,
                null);
        long id = db.queryOne("SELECT id FROM dead_letter WHERE error LIKE ?", r -> r.getLong(1), "%" + marker)
                .orElseThrow();
        Response refused = ops().post("/ops/dead-letters/" + id + "/replay");
        assertEquals(409, refused.statusCode(), refused.asString());
        assertThat(refused.jsonPath().getString("message"), containsString("its caller retries"));
        ops().get("/ops/dead-letters/" + id)
                .then()
                .statusCode(200)
                .body("body", containsString(marker))
                .body("headers.Content-Type", equalTo("application/json"))
                .body("portalId", nullValue());
    }

    @Test
    void inProcessRouteDeadLettersAreHandedToTheirRouteAgain() {
        String marker = Sandbox.marker();
        deadLetters.record(
                ReplayProbeRoutes.ROUTE_ID,
                "direct://ops-replay-probe",
                "hello " + marker,
                Map.of("X-Probe", marker, "Authorization", "Basic b3BzOnNlY3JldA=="),
                "probe failed",
                3,
                null);
        long id = letterWithBody("hello " + marker);
        ops().post("/ops/dead-letters/" + id + "/replay")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("RESENT"))
                .body("status", equalTo("REPLAYED"));
        assertThat(ReplayProbeRoutes.RECEIVED, hasItem("hello " + marker + "|" + marker));

        deadLetters.record(
                ReplayProbeRoutes.ROUTE_ID,
                "direct://ops-replay-probe",
                "fail " + marker,
                Map.of("X-Probe", marker),
                "probe failed",
                3,
                null);
        long failing = letterWithBody("fail " + marker);
        ops().post("/ops/dead-letters/" + failing + "/replay")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("FAILED"))
                .body("status", equalTo("OPEN"));
        // The route's own error handling kept the new failure as a dead letter of its own.
        await().atMost(Sandbox.WAIT)
                .until(() -> db.queryOne(
                                        "SELECT COUNT(*) FROM dead_letter WHERE payload = ?",
                                        r -> r.getLong(1),
                                        "fail " + marker)
                                .orElse(0L)
                        == 2L);
        ops().get("/ops/dead-letters/" + failing).then().statusCode(200).body("replays.outcome", contains("FAILED"));
    }

    private long letterWithBody(String body) {
        return db.queryOne("SELECT id FROM dead_letter WHERE payload = ? ORDER BY id LIMIT 1", r -> r.getLong(1), body)
                .orElseThrow();
    }

    @Test
    void deadLettersArePagedAndFiltered() {
        String routeId = "ops-paging-" + UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);
        for (int i = 0; i < 5; i++) {
            deadLetters.record(
                    routeId,
                    "direct:nowhere",
                    "body " + i,
                    Map.of("portalId", i % 2 == 0 ? 777001L : 777002L),
                    "failure " + i,
                    1,
                    null);
        }
        JsonPath all = ops().queryParam("routeId", routeId)
                .get("/ops/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(5, all.getInt("total"));
        assertEquals(List.of("body 4", "body 3", "body 2", "body 1", "body 0"), all.getList("deadLetters.body"));
        assertEquals(50, all.getInt("limit"));

        JsonPath page1 = ops().queryParam("routeId", routeId)
                .queryParam("limit", 2)
                .get("/ops/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of("body 4", "body 3"), page1.getList("deadLetters.body"));
        assertEquals(2, page1.getInt("nextOffset"));
        JsonPath page3 = ops().queryParam("routeId", routeId)
                .queryParam("limit", 2)
                .queryParam("offset", 4)
                .get("/ops/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of("body 0"), page3.getList("deadLetters.body"));
        assertThat(page3.get("nextOffset"), nullValue());

        JsonPath portal = ops().queryParam("routeId", routeId)
                .queryParam("portalId", 777002)
                .get("/ops/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of("body 3", "body 1"), portal.getList("deadLetters.body"));
        ops().queryParam("routeId", routeId)
                .queryParam("since", before.toString())
                .get("/ops/dead-letters")
                .then()
                .statusCode(200)
                .body("total", equalTo(5));
        ops().queryParam("routeId", routeId)
                .queryParam("since", Instant.now().plusSeconds(3600).toString())
                .get("/ops/dead-letters")
                .then()
                .statusCode(200)
                .body("total", equalTo(0))
                .body("deadLetters", hasSize(0));
        ops().queryParam("routeId", routeId)
                .queryParam("status", "discarded")
                .get("/ops/dead-letters")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        ops().get("/ops/dead-letters/999999999999").then().statusCode(404).body("status", equalTo("error"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "limit,0",
        "limit,501",
        "limit,ten",
        "offset,-1",
        "since,yesterday",
        "since,2026-01-31",
        "portalId,abc",
        "status,FIXED"
    })
    void badFilterValuesAreRefusedNamingTheParameter(String name, String value) {
        ops().queryParam(name, value)
                .get("/ops/dead-letters")
                .then()
                .statusCode(400)
                .body("status", equalTo("error"))
                .body("field", equalTo(name));
        if (!name.equals("offset")) {
            ops().queryParam(name, value)
                    .post("/ops/dead-letters/replay")
                    .then()
                    .statusCode(400)
                    .body("field", equalTo(name));
        }
    }

    @Test
    void badIdsAreRefusedNamingTheParameter() {
        ops().get("/ops/dead-letters/abc").then().statusCode(400).body("field", equalTo("id"));
        ops().post("/ops/dead-letters/abc/replay").then().statusCode(400).body("field", equalTo("id"));
        ops().queryParam("limit", 51)
                .post("/ops/dead-letters/replay")
                .then()
                .statusCode(400)
                .body("field", equalTo("limit"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> findLetter(String routeId, long messageId) {
        List<Map<String, Object>> letters = ops().queryParam("routeId", routeId)
                .queryParam("limit", 500)
                .get("/ops/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("deadLetters");
        return letters.stream()
                .filter(l -> l.get("messageId") != null && ((Number) l.get("messageId")).longValue() == messageId)
                .findFirst()
                .orElse(null);
    }
}
