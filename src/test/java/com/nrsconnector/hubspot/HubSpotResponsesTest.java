package com.nrsconnector.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class HubSpotResponsesTest {

    private final HubSpotResponses responses = new HubSpotResponses(new ObjectMapper());

    private HubSpotApiException failure(int status, String retryAfter, String interval) {
        return assertThrows(
                HubSpotApiException.class,
                () -> responses.interpret(status, retryAfter, interval, "{\"status\":\"error\"}", "POST /x"));
    }

    @Test
    void aSuccessAnswersTheJson() {
        assertEquals(
                "COMPLETE",
                responses
                        .interpret(201, null, null, "{\"status\":\"COMPLETE\"}", "POST /x")
                        .path("status")
                        .asText());
        assertTrue(responses.interpret(204, null, null, "", "POST /x").isEmpty());
    }

    @Test
    void tooManyRequestsIsTransientAndWaitsItsRetryAfter() {
        HubSpotApiException e = failure(429, "7", null);
        assertTrue(e.isTransient());
        assertEquals(429, e.status());
        assertEquals(Duration.ofSeconds(7), e.retryAfter());
    }

    @Test
    void tooManyRequestsWithoutRetryAfterWaitsHubSpotsWindow() {
        assertEquals(Duration.ofMillis(10000), failure(429, null, "10000").retryAfter());
        assertEquals(
                HubSpotResponses.DEFAULT_RATE_LIMIT_WAIT,
                failure(429, "soon", null).retryAfter());
    }

    @Test
    void serverErrorsAreTransient() {
        HubSpotApiException e = failure(503, null, null);
        assertTrue(e.isTransient());
        assertNull(e.retryAfter());
        assertEquals(Duration.ofSeconds(3), failure(502, "3", null).retryAfter());
    }

    @Test
    void aRefusalKeepsHubSpotsAnswerSoThatItIsToldApartFromTheConnectorsOwn() {
        HubSpotApiException answered = failure(409, null, null);
        assertTrue(answered.answeredByHubSpot());
        assertEquals("{\"status\":\"error\"}", answered.answer());
        assertFalse(new HubSpotApiException("portal 1 is disconnected", 409, false, null).answeredByHubSpot());
    }

    @Test
    void otherClientErrorsArePermanent() {
        for (int status : new int[] {400, 401, 403, 404, 409}) {
            HubSpotApiException e = failure(status, "5", null);
            assertFalse(e.isTransient(), "status " + status);
            assertNull(e.retryAfter(), "status " + status);
            assertTrue(e.getMessage().contains("POST /x answered " + status), e.getMessage());
        }
    }

    @Test
    void aTokenAnswerBecomesAGrant() {
        TokenGrant grant = responses.grant(
                200,
                "{\"access_token\":\"a-1\",\"refresh_token\":\"r-1\",\"expires_in\":1800,\"token_type\":\"bearer\"}");
        assertEquals("a-1", grant.accessToken());
        assertEquals("r-1", grant.refreshToken());
        assertTrue(grant.expiresAt().isAfter(Instant.now().plusSeconds(1700)));
        assertFalse(grant.toString().contains("a-1"), "tokens stay out of toString");
        assertNull(responses.grant(200, "{\"access_token\":\"a-2\"}").refreshToken());
    }

    @Test
    void invalidGrantSaysTheGrantWasRevoked() {
        assertThrows(
                GrantRevokedException.class,
                () -> responses.grant(400, "{\"error\":\"invalid_grant\",\"status\":\"BAD_REFRESH_TOKEN\"}"));
        HubSpotApiException other =
                assertThrows(HubSpotApiException.class, () -> responses.grant(400, "{\"error\":\"invalid_client\"}"));
        assertFalse(other instanceof GrantRevokedException);
        assertFalse(other.isTransient());
        assertTrue(assertThrows(HubSpotApiException.class, () -> responses.grant(503, ""))
                .isTransient());
    }

    @Test
    void theRequestBodyIsWrittenByJackson() throws Exception {
        assertEquals(
                "{\"inputs\":[{\"id\":\"a\\\"b\"}]}",
                responses.requestJson(HubSpotRequest.post(1, "/x", Map.of("inputs", List.of(Map.of("id", "a\"b"))))));
        assertNull(responses.requestJson(new HubSpotRequest(1, "GET", "/x", null)));
    }

    @Test
    void aRevocationSucceedsOnAny2xxAndFailsLikeOtherCallsOtherwise() {
        responses.revoked(200, "", "POST /oauth/v3/token/revoke");
        responses.revoked(204, null, "POST /oauth/v3/token/revoke");
        HubSpotApiException refused = assertThrows(
                HubSpotApiException.class,
                () -> responses.revoked(400, "{\"error\":\"invalid_client\"}", "POST /oauth/v3/token/revoke"));
        assertFalse(refused.isTransient());
        assertEquals(400, refused.status());
        assertTrue(
                assertThrows(HubSpotApiException.class, () -> responses.revoked(502, "", "POST /oauth/v3/token/revoke"))
                        .isTransient());
    }
}
