package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The HubSpot signature check and the operator's authentication are not steps of the route files: with every step of
 * a file deleted, or a protected route's routeConfigurationId edited away, every protected endpoint still refuses an
 * unsigned or unauthenticated call with a 401 in the JSON error shape (the edit applied, or the file refused). Each
 * case edits one copy under target/test-routes and restores it.
 */
@QuarkusTest
class DeletedStepsKeepCallersCheckedTest {

    /** method, path; the HubSpot-signed ones get a JSON body. */
    private static final List<String[]> HUBSPOT_SIGNED = List.of(
            new String[] {"POST", "/hubspot/actions/send-sms"},
            new String[] {"POST", "/hubspot/actions/send-voice"},
            new String[] {"POST", "/hubspot/actions/send-ivr"},
            new String[] {"GET", "/hubspot/card/messages?portalId=62515&contactId=1001"},
            new String[] {"POST", "/hubspot/webhooks/app-lifecycle"});

    private static final List<String[]> OPERATOR_ONLY = List.of(
            new String[] {"GET", "/ops/routes"},
            new String[] {"POST", "/ops/routes/reload"},
            new String[] {"GET", "/ops/senders"},
            new String[] {"GET", "/ops/dead-letters"},
            new String[] {"GET", "/ops/dead-letters/1"},
            new String[] {"DELETE", "/ops/dead-letters/1"},
            new String[] {"POST", "/ops/dead-letters/1/replay"},
            new String[] {"POST", "/ops/dead-letters/replay"});

    @Inject
    CamelContext camel;

    private String editedFile;
    private String original;
    /** The log step standing in for the deleted steps, while the edit may be applied. */
    private String marker;

    static List<String> routeFiles() throws Exception {
        return RouteFileEdits.routeFiles();
    }

    @AfterEach
    void restore() throws Exception {
        if (editedFile != null) {
            String file = editedFile;
            String applied = marker;
            editedFile = null;
            marker = null;
            RouteFileEdits.write(
                    camel,
                    file,
                    original,
                    c -> RouteFileEdits.routesOf(c, file).stream()
                                    .allMatch(r -> c.getRouteController().getRouteStatus(r.getRouteId())
                                            == ServiceStatus.Started)
                            && (applied == null || !RouteFileEdits.hasMarker(c, file, applied)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void everyStepOfAFileDeletedLeavesEveryProtectedEndpointRefusing(String file) throws Exception {
        marker = "steps deleted " + UUID.randomUUID();
        String edited = RouteFileEdits.dump(RouteFileEdits.withoutSteps(RouteFileEdits.parse(edit(file)), marker));
        int routes = RouteFileEdits.routesOf(camel, file).size();
        RouteFileEdits.write(camel, file, edited, c -> RouteFileEdits.everyRouteHasMarker(c, file, marker, routes));
        assertEveryProtectedEndpointRefuses(file + " with every step deleted");
    }

    @Test
    void anActionRouteWithoutItsSignatureCheckIsRefused() throws Exception {
        String file = "hubspot-workflow-actions.yaml";
        String edited = edit(file)
                .replaceFirst("routeConfigurationId: http-api,hubspot-signed\n", "routeConfigurationId: http-api\n");
        assertRefused(file, edited, "hubspot-signed");
    }

    @Test
    void theCardRouteWithoutItsRouteConfigurationIsRefused() throws Exception {
        String file = "contact-card.yaml";
        String edited = edit(file)
                .replace(
                        "    id: hubspot-contact-card\n    routeConfigurationId: http-api,hubspot-signed\n",
                        "    id: hubspot-contact-card\n");
        assertRefused(file, edited, "hubspot-signed");
    }

    @Test
    void anOpsRouteWithoutItsAuthenticationIsRefusedAlsoOnRequest() throws Exception {
        String file = "ops-api.yaml";
        String edited = edit(file)
                .replaceFirst("routeConfigurationId: http-api,ops-authenticated\n", "routeConfigurationId: http-api\n");
        assertRefused(file, edited, "ops-authenticated");
        Response refused =
                given().auth().preemptive().basic("ops", "sandbox-ops-password").post("/ops/routes/reload");
        assertEquals(400, refused.statusCode(), refused.asString());
        assertEquals("routes/" + file, refused.jsonPath().getString("field"));
        assertThat(refused.jsonPath().getString("message"), containsString("ops-authenticated"));
        assertEveryProtectedEndpointRefuses("after the refused reload on request");
    }

    @Test
    void anOpsEndpointCallingARouteOfNoFileIsRefused() throws Exception {
        String file = "ops-api.yaml";
        String edited = edit(file).replace("to: direct:ops-dead-letters\n", "to: direct:ops-dead-letters-unchecked\n");
        assertRefused(file, edited, "must call a direct: route of the same file");
    }

    /** Remembers the file for the restore and answers its content. */
    private String edit(String file) throws Exception {
        editedFile = file;
        original = RouteFileEdits.read(file);
        return original;
    }

    private void assertRefused(String file, String edited, String named) throws Exception {
        assertThat("the test edits the file", edited, not(original));
        RouteFileEdits.Outcome outcome = RouteFileEdits.write(camel, file, edited, c -> false);
        assertEquals(RouteFileEdits.Outcome.REFUSED, outcome);
        assertThat(RouteFileEdits.lastError(camel), containsString("routes/" + file + " is refused"));
        assertThat(RouteFileEdits.lastError(camel), containsString(named));
        assertEveryProtectedEndpointRefuses(file + " refused");
    }

    private static void assertEveryProtectedEndpointRefuses(String when) {
        for (String[] endpoint : HUBSPOT_SIGNED) {
            Response response = "POST".equals(endpoint[0])
                    ? given().contentType("application/json").body("{}").post(endpoint[1])
                    : given().request(endpoint[0], endpoint[1]);
            assertRefusal(when, endpoint, response);
            assertThat(response.jsonPath().getString("message"), containsString("HubSpot signature"));
        }
        for (String[] endpoint : OPERATOR_ONLY) {
            Response response = given().request(endpoint[0], endpoint[1]);
            assertRefusal(when, endpoint, response);
            assertEquals("Basic realm=\"connector-ops\"", response.header("WWW-Authenticate"));
        }
    }

    private static void assertRefusal(String when, String[] endpoint, Response response) {
        String call = when + ": " + endpoint[0] + " " + endpoint[1] + " answered " + response.asString();
        assertEquals(401, response.statusCode(), call);
        assertThat(call, response.contentType(), containsString("application/json"));
        assertEquals("error", response.jsonPath().getString("status"), call);
    }
}
