package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.nrsconnector.support.TestEnvironment;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Editing a YAML route while the connector runs takes effect within seconds, and every other route (Java, YAML and
 * the REST endpoints) keeps serving meanwhile. Tests edit the copies under target/test-routes, never routes/.
 */
@QuarkusTest
class RouteReloadTest {

    private static final Path REQUEST_ROUTE = Path.of("target/test-routes/nrs-sms-request.yaml");

    @Test
    void editedRequestShapeReachesThe360nrsRequestWithoutRestart() throws Exception {
        String original = Files.readString(REQUEST_ROUTE, StandardCharsets.UTF_8);
        List<Integer> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean probing = new AtomicBoolean(true);
        Thread prober = new Thread(() -> {
            while (probing.get()) {
                int health = given().get(TestEnvironment.managementUrl("/q/health/live"))
                        .statusCode();
                int action = given().contentType("application/json")
                        .body("{}")
                        .post("/hubspot/actions/send-sms")
                        .statusCode();
                int timeline =
                        given().get("/sandbox/hubspot/contacts/1001/timeline").statusCode();
                if (health != 200) {
                    failures.add(health);
                }
                if (action != 401) {
                    failures.add(action);
                }
                if (timeline != 200) {
                    failures.add(timeline);
                }
            }
        });
        prober.start();
        try {
            // A field added to the request map before Jackson writes it.
            String edited = original.replace(
                    "        - marshal:\n",
                    "        - script:\n            simple: \"${body.put('tag', 'reloaded')}\"\n        - marshal:\n");
            assertThat("the test edits a field that exists", edited, not(original));
            RouteFiles.replace(REQUEST_ROUTE, edited);

            String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 201"));
            // Keep sending until a request shows the new shape: the reload is asynchronous.
            await().atMost(Sandbox.WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                String marker = Sandbox.marker();
                Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Reload " + marker));
                List<Map<String, Object>> sent = await().atMost(Sandbox.WAIT)
                        .until(() -> Sandbox.nrsSmsRequestsMentioning(marker), list -> !list.isEmpty());
                return String.valueOf(sent.get(0).get("body")).contains("\"tag\":\"reloaded\"");
            });
        } finally {
            RouteFiles.replace(REQUEST_ROUTE, original);
            // Wait for the original shape to be back before other tests run.
            String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 202"));
            await().atMost(Sandbox.WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                String marker = Sandbox.marker();
                Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Restore " + marker));
                List<Map<String, Object>> sent = await().atMost(Sandbox.WAIT)
                        .until(() -> Sandbox.nrsSmsRequestsMentioning(marker), list -> !list.isEmpty());
                return !String.valueOf(sent.get(0).get("body")).contains("reloaded");
            });
            probing.set(false);
            prober.join();
        }
        assertThat("REST and Java routes kept answering during the reload: " + failures, failures, empty());
        assertEquals(
                200,
                given().get(TestEnvironment.managementUrl("/q/health/ready")).statusCode());
        assertThat(given().get(TestEnvironment.managementUrl("/q/health/ready")).asString(), containsString("UP"));
    }
}
