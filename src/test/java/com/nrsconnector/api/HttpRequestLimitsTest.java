package com.nrsconnector.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.support.TestEnvironment;

import io.quarkus.test.junit.QuarkusTest;

/** No request can make the connector hold more than its endpoint needs; every refusal is a JSON answer. */
@QuarkusTest
class HttpRequestLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private static URI uri(String path) {
        return URI.create(ConfigProvider.getConfig().getValue("connector.public-base-url", String.class) + path);
    }

    private static HttpRequest.Builder post(String path, String contentType, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(uri(path))
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", contentType)
                .POST(body);
    }

    private static byte[] jsonOfSize(int bytes) {
        byte[] body = new byte[bytes];
        Arrays.fill(body, (byte) 'a');
        // A short text and a long field the analysis ignores: the body is large, the text within its own limit.
        byte[] head = "{\"text\":\"hola\",\"padding\":\"".getBytes();
        System.arraycopy(head, 0, body, 0, head.length);
        body[bytes - 2] = '"';
        body[bytes - 1] = '}';
        return body;
    }

    private static String shortened(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }

    private static JsonNode errorOf(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), shortened(response.body()));
        assertEquals(
                "application/json",
                response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = JSON.readTree(response.body());
        assertEquals("error", body.path("status").asText(), response.body());
        assertTrue(body.path("message").asText().length() > 10, response.body());
        return body;
    }

    @Test
    void fourConcurrentFiveMegabyteAnalysesAreRefusedAndTheConnectorKeepsAnswering() throws Exception {
        byte[] fiveMegabytes = jsonOfSize(5 * 1024 * 1024);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(HTTP.sendAsync(
                    post(
                                    "/api/v1/messages/analyze",
                                    "application/json",
                                    HttpRequest.BodyPublishers.ofByteArray(fiveMegabytes))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            JsonNode error = errorOf(call.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS), 413);
            assertTrue(error.path("message").asText().contains("131072 bytes"), error.toString());
        }
        given().get(TestEnvironment.managementUrl("/q/health"))
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));
        given().contentType("application/json")
                .body("{\"text\":\"Hello\"}")
                .post("/api/v1/messages/analyze")
                .then()
                .statusCode(200)
                .body("segments", equalTo(1));
    }

    @Test
    void streamedBodyOverTheLimitIsRefusedInJson() throws Exception {
        // An input stream of unknown length is sent chunked, without Content-Length.
        byte[] body = jsonOfSize(200 * 1024);
        HttpResponse<String> response = HTTP.send(
                post(
                                "/api/v1/messages/analyze",
                                "application/json",
                                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        errorOf(response, 413);
    }

    @Test
    void bodiesWithinTheLimitAreServedWithOrWithoutContentLength() throws Exception {
        byte[] body = jsonOfSize(60 * 1024);
        HttpResponse<String> declared = HTTP.send(
                post("/api/v1/messages/analyze", "application/json", HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, declared.statusCode(), shortened(declared.body()));
        HttpResponse<String> streamed = HTTP.send(
                post(
                                "/api/v1/messages/analyze",
                                "application/json",
                                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, streamed.statusCode(), shortened(streamed.body()));
        assertEquals(declared.body(), streamed.body());
    }

    @Test
    void eachEndpointHasItsOwnLimit() throws Exception {
        errorOf(
                HTTP.send(
                        post(
                                        "/callbacks/360nrs/sms?ref=x&sig=y&status=1",
                                        "application/x-www-form-urlencoded",
                                        HttpRequest.BodyPublishers.ofByteArray(new byte[32 * 1024]))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()),
                413);
        errorOf(
                HTTP.send(
                        post(
                                        "/hubspot/actions/send-sms",
                                        "application/json",
                                        HttpRequest.BodyPublishers.ofByteArray(jsonOfSize(1536 * 1024)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()),
                413);
    }

    @Test
    void veryLongUriIs414InJson() throws Exception {
        String path = "/api/v1/messages/analyze?q=" + "a".repeat(100 * 1024);
        errorOf(
                HTTP.send(
                        HttpRequest.newBuilder(uri(path))
                                .timeout(CALL_TIMEOUT)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString()),
                414);
    }

    @Test
    void plainTextToAJsonEndpointIs415InJson() throws Exception {
        JsonNode error = errorOf(
                HTTP.send(
                        post("/api/v1/messages/analyze", "text/plain", HttpRequest.BodyPublishers.ofString("Hello"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()),
                415);
        assertTrue(error.path("message").asText().contains("application/json"), error.toString());
        given().contentType("application/json; charset=UTF-8")
                .body("{\"text\":\"Hi\"}")
                .post("/api/v1/messages/analyze")
                .then()
                .statusCode(200);
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405InJson() {
        given().get("/api/v1/nothing-here")
                .then()
                .statusCode(404)
                .contentType("application/json")
                .body("status", equalTo("error"))
                .body("message", containsString("/api/v1/nothing-here"));
        given().get("/api/v1/messages/analyze")
                .then()
                .statusCode(405)
                .contentType("application/json")
                .body("status", equalTo("error"))
                .body("message", containsString("GET"));
    }
}
