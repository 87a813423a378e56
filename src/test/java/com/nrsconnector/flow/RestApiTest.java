package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RestRegistry;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.nrsconnector.routes.ErrorHandlingConfiguration;
import com.nrsconnector.routes.RequestAuthenticationConfiguration;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The JSON APIs as REST DSL endpoints: each one route (inlined with the direct: route it calls) under a route
 * configuration of the connector, failures and unparsable bodies answered in the JSON error shape, and a reload of the
 * YAML routes replacing the dead-letter endpoints without duplicating them.
 */
@QuarkusTest
class RestApiTest {

    private static final Set<String> CONFIGURATIONS = Set.of(
            ErrorHandlingConfiguration.HTTP_API,
            ErrorHandlingConfiguration.BACKGROUND,
            ErrorHandlingConfiguration.PROPAGATE_TO_CALLER);
    /** Caller checks a route may name after its error handling. */
    private static final Set<String> CALLER_CHECKS = Set.of(
            RequestAuthenticationConfiguration.HUBSPOT_SIGNED, RequestAuthenticationConfiguration.OPS_AUTHENTICATED);

    /** Every REST endpoint of the connector, as "METHOD path" -> its route id. */
    private static final Map<String, String> ENDPOINTS = Map.ofEntries(
            Map.entry("POST /api/v1/messages/analyze", "api-analyze-message"),
            Map.entry("GET /api/v1/ping", "api-ping"),
            Map.entry("GET /api/v1/stats/campaigns", "api-stats-campaigns"),
            Map.entry("GET /api/v1/stats/workflows", "api-stats-workflows"),
            Map.entry("GET /api/v1/stats/contacts", "api-stats-contacts"),
            Map.entry("GET /ops/routes", "ops-routes"),
            Map.entry("POST /ops/routes/reload", "ops-routes-reload"),
            Map.entry("GET /ops/senders", "ops-senders"),
            Map.entry("GET /ops/dead-letters", "ops-dead-letters"),
            Map.entry("GET /ops/dead-letters/{id}", "ops-dead-letter"),
            Map.entry("DELETE /ops/dead-letters/{id}", "ops-dead-letter-discard"),
            Map.entry("POST /ops/dead-letters/{id}/replay", "ops-dead-letter-replay"),
            Map.entry("POST /ops/dead-letters/replay", "ops-dead-letters-replay"));

    @Inject
    CamelContext camel;

    @Inject
    Db db;

    private static RequestSpecification ops() {
        return given().auth().preemptive().basic("ops", "sandbox-ops-password");
    }

    @Test
    void everyRouteNamesARouteConfigurationOfTheConnector() {
        List<String> without = new ArrayList<>();
        for (RouteDefinition route :
                camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            // One error handling first, then any caller checks.
            List<String> ids =
                    List.of(String.valueOf(route.getRouteConfigurationId()).split(","));
            if (!CONFIGURATIONS.contains(ids.get(0)) || !CALLER_CHECKS.containsAll(ids.subList(1, ids.size()))) {
                without.add(route.getRouteId() + " (" + route.getRouteConfigurationId() + ")");
            }
        }
        assertThat("routes without one of the connector's route configurations", without, empty());
    }

    @Test
    void eachRestEndpointIsOneInlinedRouteWithItsIdAndTheHttpApiConfiguration() {
        assertEquals(ENDPOINTS, restEndpoints());
        for (String routeId : ENDPOINTS.values()) {
            RouteDefinition route = camel.getCamelContextExtension()
                    .getContextPlugin(Model.class)
                    .getRouteDefinition(routeId);
            assertThat(routeId, route.getInput().getEndpointUri(), startsWith("rest:"));
            String expected = routeId.startsWith("ops-")
                    ? ErrorHandlingConfiguration.HTTP_API + "," + RequestAuthenticationConfiguration.OPS_AUTHENTICATED
                    : ErrorHandlingConfiguration.HTTP_API;
            assertEquals(expected, route.getRouteConfigurationId(), routeId);
        }
        // Inlined: no direct: route is left behind a REST endpoint.
        for (Route route : camel.getRoutes()) {
            String uri = route.getEndpoint().getEndpointUri();
            assertThat(
                    route.getRouteId(),
                    ENDPOINTS.values().stream().map(id -> "direct://" + id).toList(),
                    not(hasItem(uri)));
        }
    }

    @Test
    void restRoutesAreListedWithTheirSourceAndEndpoint() {
        JsonPath routes =
                ops().get("/ops/routes").then().statusCode(200).extract().jsonPath();
        Map<String, Object> replay = route(routes, "ops-dead-letter-replay");
        assertEquals("routes/ops-api.yaml", replay.get("source"));
        assertEquals("POST /ops/dead-letters/{id}/replay", replay.get("from"));
        Map<String, Object> list = route(routes, "ops-routes");
        assertEquals("com.nrsconnector.routes.OpsRoutes", list.get("source"));
        assertEquals("GET /ops/routes", list.get("from"));
        assertEquals("Started", list.get("status"));
        assertEquals(
                "com.nrsconnector.routes.MessageApiRoutes",
                route(routes, "api-ping").get("source"));
        assertEquals(
                "POST /api/v1/messages/analyze",
                route(routes, "api-analyze-message").get("from"));
    }

    @Test
    void anUnexpectedFailureInARestRouteIsAJson500AndADeadLetter() {
        long before = deadLetters(RestProbeRoutes.FAILING_ROUTE);
        Response failed = given().get("/test/rest-probe/failure");
        assertEquals(500, failed.statusCode(), failed.asString());
        assertThat(failed.contentType(), startsWith("application/json"));
        assertEquals("error", failed.jsonPath().getString("status"));
        assertThat(failed.jsonPath().getString("message"), containsString("recorded for the operators"));
        assertThat(failed.asString(), not(containsString("IllegalStateException")));
        await().atMost(Sandbox.WAIT).until(() -> deadLetters(RestProbeRoutes.FAILING_ROUTE) == before + 1);
    }

    @Test
    void aWriteRefusedWhileShuttingDownIsAJson503AndNoDeadLetter() {
        long before = deadLetters(RestProbeRoutes.SHUTTING_DOWN_ROUTE);
        Response refused = given().contentType("application/json").body("{}").post("/test/rest-probe/shutting-down");
        assertEquals(503, refused.statusCode(), refused.asString());
        assertThat(refused.contentType(), startsWith("application/json"));
        assertEquals("error", refused.jsonPath().getString("status"));
        assertEquals(
                "the connector is shutting down; call again", refused.jsonPath().getString("message"));
        // A dead letter is stored before the answer goes (see the 500 above), so none was.
        assertEquals(
                before, deadLetters(RestProbeRoutes.SHUTTING_DOWN_ROUTE), "nothing to keep: the caller calls again");
    }

    @Test
    void aBodyTheBindingCannotParseIsA400NamingTheBody() {
        given().contentType("application/json")
                .body("{\"probe\": [1, 2]}")
                .post("/test/rest-probe/echo")
                .then()
                .statusCode(200)
                .body("probe[1]", equalTo(2));
        for (String body : List.of("{oops", "[1,", "\"unterminated", "{\"a\": tru}")) {
            Response refused =
                    given().contentType("application/json").body(body).post("/test/rest-probe/echo");
            assertEquals(400, refused.statusCode(), body + ": " + refused.asString());
            assertThat(refused.contentType(), startsWith("application/json"));
            assertEquals("error", refused.jsonPath().getString("status"));
            assertEquals("body", refused.jsonPath().getString("field"));
            assertThat(refused.jsonPath().getString("message"), containsString("not valid JSON"));
        }
    }

    @Test
    void oddContentTypesAndAcceptHeadersStillGetJson() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        RawHttp http = new RawHttp("localhost", port, Duration.ofSeconds(30));
        String basic = "Basic " + Base64.getEncoder().encodeToString("ops:sandbox-ops-password".getBytes());
        for (String contentType : List.of(
                "application/json; charset=%00",
                "application/json; charset=UTF-16", "text/plain; charset=nonsense", "application/xml", "")) {
            for (String accept : List.of("application/xml", "text/html", "*/*")) {
                Map<String, String> headers = new TreeMap<>(Map.of("Accept", accept, "Authorization", basic));
                if (!contentType.isEmpty()) {
                    headers.put("Content-Type", contentType);
                }
                RawHttp.Answer ping = http.send("GET", "/api/v1/ping", headers, null);
                assertEquals(200, ping.status(), contentType + " / " + accept + ": " + ping.bodyText());
                assertThat(ping.contentType(), startsWith("application/json"));
                assertEquals("{\"status\":\"ok\"}", ping.bodyText());
                RawHttp.Answer routes = http.send("GET", "/ops/routes", headers, null);
                assertEquals(200, routes.status(), contentType + " / " + accept + ": " + routes.bodyText());
                assertThat(routes.contentType(), startsWith("application/json"));
                assertThat(routes.bodyText(), containsString("\"routes\":["));
                // A body on the ping, which takes none, is parsed by the binding and refused when it is not JSON.
                RawHttp.Answer odd = http.send("GET", "/api/v1/ping", headers, "{oops".getBytes());
                assertThat(contentType + " / " + accept + ": " + odd.bodyText(), odd.status(), lessThan(500));
                assertThat(odd.contentType(), startsWith("application/json"));
            }
        }
    }

    @Test
    void opsEndpointsTakeNoBodyAndCheckCredentialsBeforeAnythingElse() {
        for (String path : List.of("/ops/routes/reload", "/ops/dead-letters/replay", "/ops/dead-letters/1/replay")) {
            Response refused =
                    given().contentType("application/json").body("{oops").post(path);
            assertEquals(413, refused.statusCode(), path + ": " + refused.asString());
            assertEquals("error", refused.jsonPath().getString("status"));
            Response unauthenticated = given().post(path);
            assertEquals(401, unauthenticated.statusCode(), path + ": " + unauthenticated.asString());
            assertEquals("Basic realm=\"connector-ops\"", unauthenticated.header("WWW-Authenticate"));
        }
        // Wrong methods and unknown paths under /ops are answered in the JSON error shape too.
        ops().put("/ops/dead-letters/1").then().statusCode(405).body("status", equalTo("error"));
        ops().get("/ops/routes/reload").then().statusCode(405).body("status", equalTo("error"));
        ops().get("/ops/nothing-here").then().statusCode(404).body("status", equalTo("error"));
    }

    @Test
    void reloadingTheYamlRoutesReplacesTheDeadLetterEndpointsWithoutDuplicatingThem() {
        Map<String, String> before = restEndpoints();
        for (int i = 0; i < 2; i++) {
            JsonPath reloaded = ops().post("/ops/routes/reload")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(
                    reloaded.getList("reloaded.find { it.source == 'routes/ops-api.yaml' }.routes"),
                    containsInAnyOrder(
                            "ops-dead-letter",
                            "ops-dead-letter-discard",
                            "ops-dead-letter-replay",
                            "ops-dead-letters",
                            "ops-dead-letters-replay"));
            assertEquals(before, restEndpoints());
            ops().get("/ops/dead-letters").then().statusCode(200).body("limit", equalTo(50));
            ops().get("/ops/dead-letters/999999999999").then().statusCode(404).body("status", equalTo("error"));
            ops().get("/ops/dead-letters/abc").then().statusCode(400).body("field", equalTo("id"));
            given().get("/ops/dead-letters").then().statusCode(401).header("WWW-Authenticate", startsWith("Basic"));
            ops().get("/ops/routes").then().statusCode(200);
        }
    }

    /** The REST services Camel has registered (the connector's, not the test probes'), each with its route id. */
    private Map<String, String> restEndpoints() {
        Map<String, String> endpoints = new TreeMap<>();
        RestRegistry registry = camel.getRestRegistry();
        for (RestRegistry.RestService service : registry.listAllRestServices()) {
            String path = service.getBasePath() + (service.getUriTemplate() == null ? "" : service.getUriTemplate());
            if (path.startsWith("/test/")) {
                continue;
            }
            String routeId = camel.getRoutes().stream()
                    .filter(r -> r.getConsumer() == service.getConsumer())
                    .map(Route::getRouteId)
                    .findFirst()
                    .orElse("(no route)");
            String previous = endpoints.put(service.getMethod().toUpperCase() + " " + path, routeId);
            if (previous != null) {
                throw new AssertionError("registered twice: " + service.getMethod() + " " + path);
            }
        }
        return endpoints;
    }

    private long deadLetters(String routeId) {
        return db.queryOne("SELECT COUNT(*) FROM dead_letter WHERE route_id = ?", r -> r.getLong(1), routeId)
                .orElse(0L);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> route(JsonPath routes, String id) {
        List<Map<String, Object>> all = routes.getList("routes");
        return all.stream()
                .filter(r -> id.equals(r.get("id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("route " + id + " not listed"));
    }
}
