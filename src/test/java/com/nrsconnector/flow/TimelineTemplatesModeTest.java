package com.nrsconnector.flow;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** An app that already has timeline v3 templates writes its events as v3 events, one template per event type. */
@QuarkusTest
@TestProfile(TimelineTemplatesModeTest.TemplatesMode.class)
class TimelineTemplatesModeTest {

    public static class TemplatesMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("connector.hubspot.timeline-mode", "templates");
        }
    }

    @Test
    void eventsGoToTheV3BatchEndpointWithTheirTemplateIds() throws Exception {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 801"));
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Plantillas " + Sandbox.marker()));

        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                contains("SMS_SENT", "SMS_DELIVERED"));
        // The two events go in one batch or two, depending on when the writer claims them.
        List<Map<String, Object>> writes = Sandbox.hubspotRequests().stream()
                .filter(r -> String.valueOf(r.get("body")).contains("\"objectId\":\"" + contact + "\""))
                .toList();
        // A write HubSpot refused (a 429 of a shared portal limit) is sent again: count each event once, by its id.
        Map<String, JsonNode> inputs = new LinkedHashMap<>();
        for (Map<String, Object> write : writes) {
            assertEquals("/integrators/timeline/v3/events/batch/create", write.get("path"));
            // A batch carries other contacts' events too: only this contact's count.
            new ObjectMapper()
                    .readTree((String) write.get("body"))
                    .path("inputs")
                    .forEach(input -> {
                        if (contact.equals(input.path("objectId").asText())) {
                            inputs.put(input.path("id").asText(), input);
                        }
                    });
        }
        assertThat(inputs.values(), hasSize(2));
        for (JsonNode input : inputs.values()) {
            assertTrue(input.path("eventTemplateId").asText().matches("100[13]"), input.toString());
            assertTrue(input.path("tokens").has("messageId"), input.toString());
        }
    }
}
