package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Route files holding route templates and their instances (the delivery callbacks, the forms) reload like any other:
 * the instances are replaced, listed once each from their file, and a file whose instances cannot be built is
 * refused before anything is replaced. Tests edit the copies under target/test-routes, never routes/.
 */
@QuarkusTest
class TemplatedRoutesReloadTest {

    private static final Path CALLBACKS = Path.of("target/test-routes/nrs-callbacks.yaml");
    private static final String CALLBACK_URI = "uri: \"platform-http:/callbacks/360nrs/{{channel}}\"";
    private static final Duration RELOAD = Duration.ofSeconds(120);

    private static RequestSpecification ops() {
        return given().auth().preemptive().basic("ops", "sandbox-ops-password");
    }

    @Test
    void reloadOnRequestReplacesTheInstancesOfATemplate() {
        JsonPath reloaded = ops().post("/ops/routes/reload")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(
                reloaded.getList("reloaded.find { it.source == 'routes/nrs-callbacks.yaml' }.routes"),
                hasItems("nrs-sms-delivery-callback", "nrs-voice-delivery-callback", "nrs-sms-reply"));
        assertThat(
                reloaded.getList("reloaded.find { it.source == 'routes/contact-card.yaml' }.routes"),
                hasItems("sms-form-page", "voice-form-send", "sms-form-styles"));

        List<Map<String, Object>> routes = ops().get("/ops/routes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("routes");
        for (String id : List.of(
                "nrs-sms-delivery-callback",
                "nrs-voice-delivery-callback",
                "sms-form-page",
                "voice-form-context",
                "voice-form-script")) {
            List<Map<String, Object>> listed =
                    routes.stream().filter(r -> id.equals(r.get("id"))).toList();
            assertEquals(1, listed.size(), id + " listed once: " + listed);
            assertEquals("Started", listed.get(0).get("status"), id);
        }
        assertEquals(
                "routes/nrs-callbacks.yaml",
                route(routes, "nrs-voice-delivery-callback").get("source"));
        assertEquals(
                "routes/contact-card.yaml", route(routes, "voice-form-page").get("source"));
        assertThat(
                (String) route(routes, "nrs-voice-delivery-callback").get("from"),
                containsString("/callbacks/360nrs/voice"));
        // A reloaded callback still answers: an unsigned report is refused, not unknown.
        given().get("/callbacks/360nrs/voice?ref=1&sig=x&status=1").then().statusCode(401);
    }

    @Test
    void anEditedTemplateReachesEachInstanceThroughTheFileWatcher() throws Exception {
        String original = Files.readString(CALLBACKS, StandardCharsets.UTF_8);
        String edited = original.replace(CALLBACK_URI, "uri: \"platform-http:/callbacks/360nrs/{{channel}}-edited\"");
        assertThat("the test edits the template's endpoint", edited, not(original));
        try {
            Files.writeString(CALLBACKS, edited, StandardCharsets.UTF_8);
            await().atMost(RELOAD)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> from("nrs-sms-delivery-callback").contains("/callbacks/360nrs/sms-edited")
                            && from("nrs-voice-delivery-callback").contains("/callbacks/360nrs/voice-edited"));
        } finally {
            Files.writeString(CALLBACKS, original, StandardCharsets.UTF_8);
            await().atMost(RELOAD).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                String sms = from("nrs-sms-delivery-callback");
                String voice = from("nrs-voice-delivery-callback");
                assertTrue(restored(sms) && restored(voice), "listed from: " + sms + " / " + voice);
            });
        }
        given().get("/callbacks/360nrs/sms?ref=1&sig=x&status=1").then().statusCode(401);
    }

    @Test
    void aFileWhoseInstancesCannotBeBuiltIsRefusedAndNothingIsReplaced() throws Exception {
        long before = ops().get("/ops/routes").jsonPath().getList("routes").size();
        String unknownTemplate =
                "- templatedRoute:\n    routeTemplateRef: no-such-template\n" + "    routeId: zz-unknown-template\n";
        String missingParameter = "- templatedRoute:\n    routeTemplateRef: nrs-delivery-callback\n"
                + "    routeId: zz-missing-parameter\n    parameters:\n      - name: channel\n        value: zz\n";
        for (String text : List.of(unknownTemplate, missingParameter)) {
            Path broken = Path.of("target/test-routes", "zz-templated-broken-" + UUID.randomUUID() + ".yaml");
            Files.writeString(broken, text, StandardCharsets.UTF_8);
            try {
                Response refused = ops().post("/ops/routes/reload");
                assertEquals(400, refused.statusCode(), refused.asString());
                assertEquals(
                        "routes/" + broken.getFileName(), refused.jsonPath().getString("field"));
                assertThat(refused.jsonPath().getString("message"), containsString("the routes in use keep serving"));
            } finally {
                Files.delete(broken);
            }
        }
        List<Map<String, Object>> routes = ops().get("/ops/routes").jsonPath().getList("routes");
        assertEquals(before, routes.size());
        assertEquals("Started", route(routes, "nrs-sms-delivery-callback").get("status"));
        given().get("/callbacks/360nrs/sms?ref=1&sig=x&status=1").then().statusCode(401);
    }

    private static boolean restored(String from) {
        return from.contains("/callbacks/360nrs/") && !from.contains("-edited");
    }

    /** The route's endpoint; empty while a reload has removed it and not yet added it again. */
    private static String from(String id) {
        List<Map<String, Object>> routes = ops().get("/ops/routes").jsonPath().getList("routes");
        return routes.stream()
                .filter(r -> id.equals(r.get("id")))
                .map(r -> String.valueOf(r.get("from")))
                .findFirst()
                .orElse("");
    }

    private static Map<String, Object> route(List<Map<String, Object>> routes, String id) {
        return routes.stream()
                .filter(r -> id.equals(r.get("id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("route " + id + " not listed"));
    }
}
