package com.nrsconnector.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How the outbox reads a 207 answer: which inputs HubSpot refused, why, and whether another try may succeed. */
class BatchRefusalsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Inputs named by their "id", as timeline events are. */
    private static final OutboxKind<OutboxKind.Item> KIND = new OutboxKind<>() {
        @Override
        public String routeId() {
            return "test";
        }

        @Override
        public int batchSize() {
            return 100;
        }

        @Override
        public List<OutboxKind.Item> claim(Connection c, Instant now, Instant leaseEnd, int limit) {
            return List.of();
        }

        @Override
        public void written(Connection c, OutboxKind.Item item) {}

        @Override
        public void retryLater(Connection c, OutboxKind.Item item, Instant at, String error) {}

        @Override
        public void givenUp(Connection c, OutboxKind.Item item, String error) {}

        @Override
        public String path() {
            return "/batch";
        }

        @Override
        public Map<String, Object> input(OutboxKind.Item item) {
            return Map.of();
        }

        @Override
        public String resultId(Map<String, Object> input) {
            return (String) input.get("id");
        }
    };

    private static final List<Map<String, Object>> INPUTS = List.of(
            Map.of("id", "nrs-a", "objectId", "101"),
            Map.of("id", "nrs-b", "objectId", "102"),
            Map.of("id", "nrs-c", "objectId", "103"));

    @Test
    void eachRefusedInputGetsTheErrorThatNamesItAndOnlyTransientOnesAreRetried() throws Exception {
        JsonNode answer = JSON.readTree("""
                {"status": "COMPLETE", "results": [{"id": "nrs-a"}], "numErrors": 2, "errors": [
                  {"status": "error", "category": "OBJECT_NOT_FOUND", "message": "No CONTACT 102",
                   "context": {"objectId": ["102"]}, "errors": [], "links": {}},
                  {"status": "error", "category": "RATE_LIMITS", "message": "ten_secondly_rolling",
                   "context": {"id": ["nrs-c"]}, "errors": [], "links": {}}]}""");

        Map<Integer, HubSpotOutbox.Refusal> refused = HubSpotOutbox.refusals(KIND, INPUTS, answer);

        assertEquals(List.of(1, 2), List.copyOf(refused.keySet()), "the created input is not refused");
        assertFalse(refused.get(1).transientFailure());
        assertEquals("OBJECT_NOT_FOUND No CONTACT 102", refused.get(1).errors());
        assertTrue(refused.get(2).transientFailure());
        assertEquals("RATE_LIMITS ten_secondly_rolling", refused.get(2).errors());
    }

    @Test
    void anInputNoErrorNamesGetsAllTheErrorsAndIsRetriedIfAnyIsTransient() throws Exception {
        JsonNode answer = JSON.readTree("""
                {"results": [], "errors": [{"status": "error", "category": "VALIDATION_ERROR", "message": "bad"},
                  {"status": "error", "category": "INTERNAL_ERROR", "message": "oops"}]}""");

        Map<Integer, HubSpotOutbox.Refusal> refused = HubSpotOutbox.refusals(KIND, INPUTS, answer);

        assertEquals(3, refused.size());
        refused.values().forEach(refusal -> {
            assertTrue(refusal.transientFailure());
            assertEquals("VALIDATION_ERROR bad; INTERNAL_ERROR oops", refusal.errors());
        });
    }

    @Test
    void anAnswerWithoutErrorsRefusesNothing() throws Exception {
        assertTrue(HubSpotOutbox.refusals(KIND, INPUTS, JSON.readTree("{\"results\": []}"))
                .isEmpty());
    }

    @Test
    void rateLimitsAndHubSpotsOwnFailuresAreTransientTheRestIsForGood() throws Exception {
        assertTrue(HubSpotOutbox.isTransient(JSON.readTree("{\"category\": \"RATE_LIMITS\"}")));
        assertTrue(HubSpotOutbox.isTransient(JSON.readTree("{\"category\": \"X\", \"status\": \"503\"}")));
        assertTrue(HubSpotOutbox.isTransient(JSON.readTree("{\"category\": \"X\", \"status\": \"429\"}")));
        assertFalse(HubSpotOutbox.isTransient(JSON.readTree("{\"category\": \"X\", \"status\": \"409\"}")));
        assertFalse(HubSpotOutbox.isTransient(
                JSON.readTree("{\"category\": \"OBJECT_NOT_FOUND\", \"status\": \"error\"}")));
        assertFalse(HubSpotOutbox.isTransient(JSON.readTree("{\"category\": \"VALIDATION_ERROR\"}")));
    }
}
