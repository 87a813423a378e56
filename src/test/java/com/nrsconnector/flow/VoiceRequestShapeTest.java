package com.nrsconnector.flow;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Recipe: correct a guessed field name of the 360nrs voice request. The names live in routes/nrs-voice-request.yaml;
 * edited while the connector runs (here the copy under target/test-routes), the next call carries the new name, no
 * restart.
 */
@QuarkusTest
class VoiceRequestShapeTest {

    private static final Path VOICE_ROUTE = Path.of("target/test-routes/nrs-voice-request.yaml");
    private static final String CALLER_FIELD = "{name: nrsField.caller, constant: from}";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aRenamedCallerFieldReachesTheNextCallWithoutRestart() throws Exception {
        String original = Files.readString(VOICE_ROUTE, StandardCharsets.UTF_8);
        String edited = original.replace(CALLER_FIELD, "{name: nrsField.caller, constant: callerId}");
        assertThat("the test edits a field that exists", edited, not(original));
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 801"));
        try {
            RouteFiles.replace(VOICE_ROUTE, edited);
            // Keep calling until a request shows the new name: the reload is asynchronous.
            await().atMost(Sandbox.WAIT)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> call(contact).has("callerId"));
            JsonNode body = call(contact);
            assertEquals("34911234567", body.path("callerId").asText());
            assertFalse(body.has("from"));
        } finally {
            RouteFiles.replace(VOICE_ROUTE, original);
            await().atMost(Sandbox.WAIT)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> call(contact).has("from"));
        }
    }

    /** Makes one call and answers the body 360nrs received. */
    private JsonNode call(String contact) throws Exception {
        String marker = Sandbox.marker();
        Sandbox.enrollVoice(
                contact,
                Map.of(
                        "caller",
                        "34911234567",
                        "locutionType",
                        "TTS",
                        "language",
                        "es_ES",
                        "text",
                        "Recarga " + marker));
        List<Map<String, Object>> sent = await().atMost(Sandbox.WAIT)
                .until(() -> Sandbox.nrsVoiceRequestsMentioning(marker), list -> !list.isEmpty());
        return json.readTree((String) sent.get(0).get("body"));
    }
}
