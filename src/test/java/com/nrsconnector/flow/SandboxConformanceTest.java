package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.sandbox.HubSpotOAuthSandbox;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;

/** The stand-ins refuse what the real services refuse, so the connector's passing flows mean something. */
@QuarkusTest
class SandboxConformanceTest {

    @Inject
    Db db;

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    private String token;

    @BeforeEach
    void token() {
        token = given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "refresh_token")
                .formParam("client_id", "sandbox-client-id")
                .formParam("client_secret", "sandbox-client-secret")
                .formParam("refresh_token", "sandbox-refresh-token")
                .post("/sandbox/hubspot/oauth/v3/token")
                .then()
                .statusCode(200)
                .body("expires_in", equalTo(1800))
                .extract()
                .path("access_token");
    }

    @Test
    void hubspotApiWithoutBearerTokenIs401() {
        given().contentType("application/json")
                .body(Map.of("inputs", List.of()))
                .post("/sandbox/hubspot/integrators/timeline/v3/events/batch/create")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer not-a-token")
                .get("/sandbox/hubspot/crm/v3/objects/contacts/1001")
                .then()
                .statusCode(401);
    }

    @Test
    void timelineEventWithoutTemplateIdIsRefusedBySchema() {
        given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("{\"inputs\":[{\"id\":\"x\",\"objectId\":\"1001\",\"tokens\":{}}]}")
                .post("/sandbox/hubspot/integrators/timeline/v3/events/batch/create")
                .then()
                .statusCode(400)
                .body("category", equalTo("VALIDATION_ERROR"))
                .body("message", containsString("eventTemplateId"));
    }

    @Test
    void callbackCompletionAsTheSdkSendsItIsAcceptedForAnExecutionTheStandInStarted() {
        String callbackId = Sandbox.enroll("1001", Map.of("sender", "ACME", "message", "Sdk " + Sandbox.marker()))
                .getString("callbackId");
        // What @hubspot/api-client sends: outputFields only, no typedOutputs.
        given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("{\"outputFields\":{\"hs_execution_state\":\"SUCCESS\"}}")
                .post("/sandbox/hubspot/automation/v4/actions/callbacks/" + callbackId + "/complete")
                .then()
                .statusCode(204);
        given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("{\"inputs\":[{\"callbackId\":\"" + callbackId
                        + "\",\"outputFields\":{\"hs_execution_state\":\"SUCCESS\"}}]}")
                .post("/sandbox/hubspot/automation/v4/actions/callbacks/complete")
                .then()
                .statusCode(204);
    }

    @Test
    void callbackCompletionOfAnExecutionNeverStartedIs400() {
        given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("{\"outputFields\":{\"hs_execution_state\":\"SUCCESS\"}}")
                .post("/sandbox/hubspot/automation/v4/actions/callbacks/never-issued-1/complete")
                .then()
                .statusCode(400)
                .body("message", containsString("never-issued-1"));
        given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("{\"inputs\":[{\"callbackId\":\"never-issued-2\",\"outputFields\":{},\"typedOutputs\":{}}]}")
                .post("/sandbox/hubspot/automation/v4/actions/callbacks/complete")
                .then()
                .statusCode(400);
    }

    @Test
    void contactReadsLeaveUnsetPropertiesOut() {
        given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body(
                        "{\"inputs\":[{\"id\":\"1004\"}],\"properties\":[\"mobilephone\",\"firstname\"],\"propertiesWithHistory\":[]}")
                .post("/sandbox/hubspot/crm/v3/objects/contacts/batch/read")
                .then()
                .statusCode(200)
                .body("results[0].properties.firstname", equalTo("Pedro"))
                .body("results[0].properties", not(hasKey("mobilephone")));
    }

    @Test
    void enrollmentPayloadLeavesUnsetPropertiesOut() throws Exception {
        // Contact 1004 has a first name and no number: HubSpot sends what it has and leaves the rest out.
        String callbackId = Sandbox.enroll("1004", Map.of("sender", "ACME", "message", "Sin nulos " + Sandbox.marker()))
                .getString("callbackId");
        String payload = db.queryOne(
                        "SELECT payload FROM action_request WHERE callback_id = ?", r -> r.getString(1), callbackId)
                .orElseThrow();
        JsonNode properties = json.readTree(payload).path("object").path("properties");
        assertTrue(properties.isObject(), payload);
        assertEquals("Pedro", properties.path("firstname").asText());
        for (String unset : List.of("mobilephone", "phone", "mobile_phone_360nrs", "mobile_prefix_360nrs")) {
            assertFalse(properties.has(unset), unset + " is absent: " + payload);
        }
        properties
                .fields()
                .forEachRemaining(p -> assertFalse(p.getValue().isNull(), p.getKey() + " is null: " + payload));
    }

    @Test
    void contactsOfAnotherPortalAreNotServed() {
        String other = given().contentType("application/json")
                .body(Map.of("portalId", 777001, "properties", Map.of("firstname", "Otra")))
                .post("/sandbox/hubspot/contacts")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("{\"inputs\":[{\"id\":\"" + other
                        + "\"}],\"properties\":[\"firstname\"],\"propertiesWithHistory\":[]}")
                .post("/sandbox/hubspot/crm/v3/objects/contacts/batch/read")
                .then()
                .statusCode(207)
                .body("errors[0].category", equalTo("OBJECT_NOT_FOUND"))
                .body("errors[0].context.ids[0]", equalTo(other));
    }

    @Test
    void batchTimelineCreateWithSomeEventsRefusedIs207WithErrorItems() {
        String id = "conf-" + Sandbox.marker();
        given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("{\"inputs\":[{\"eventTemplateId\":\"1001\",\"id\":\"" + id + "\",\"objectId\":\"1001\","
                        + "\"tokens\":{\"sender\":\"ACME\"}},{\"eventTemplateId\":\"1001\",\"id\":\"" + id
                        + "-x\",\"objectId\":\"98765432\",\"tokens\":{}}]}")
                .post("/sandbox/hubspot/integrators/timeline/v3/events/batch/create")
                .then()
                .statusCode(207)
                .body("numErrors", equalTo(1))
                .body("errors[0].status", equalTo("error"))
                .body("errors[0].category", equalTo("OBJECT_NOT_FOUND"))
                .body("errors[0].context.objectId[0]", equalTo("98765432"))
                .body("results[0].id", equalTo(id))
                .body("results[0].objectType", equalTo("contacts"))
                .body("results[0].tokens.sender", equalTo("ACME"));
    }

    @Test
    void timelineCreateAnswersWithTheCreatedEvent() {
        String id = "conf-" + Sandbox.marker();
        given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("{\"eventTypeName\":\"sms_sent\",\"id\":\"" + id + "\",\"objectId\":\"1001\","
                        + "\"properties\":{\"sender\":\"ACME\"}}")
                .post("/sandbox/hubspot/integrators/timeline/2026-03/events")
                .then()
                .statusCode(201)
                .body("id", equalTo(id))
                .body("eventTypeName", equalTo("sms_sent"))
                .body("properties.sender", equalTo("ACME"));
        given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("{\"inputs\":[{\"eventTypeName\":\"sms_sent\",\"id\":\"" + id + "-b\",\"objectId\":\"1001\","
                        + "\"properties\":{\"sender\":\"ACME\"}}]}")
                .post("/sandbox/hubspot/integrators/timeline/2026-03/events/batch")
                .then()
                .statusCode(200)
                .body("status", equalTo("COMPLETE"))
                .body("results[0].id", equalTo(id + "-b"));
    }

    @Test
    void dealAssociationsAnswerLikeHubSpotWithPaging() {
        String deal = "conf-deal-" + System.nanoTime();
        given().contentType("application/json")
                .body(Map.of(
                        "id",
                        deal,
                        "properties",
                        Map.of("dealname", "Renovación"),
                        "contactIds",
                        List.of("1001", "1002", "1003")))
                .post("/sandbox/hubspot/deals")
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + token)
                .queryParam("limit", 2)
                .get("/sandbox/hubspot/crm/v4/objects/deals/" + deal + "/associations/contacts")
                .then()
                .statusCode(200)
                .body("results.toObjectId", equalTo(List.of(1001, 1002)))
                .body("results[0].associationTypes[0].typeId", equalTo(3))
                .body("paging.next.after", equalTo("2"));
        given().header("Authorization", "Bearer " + token)
                .queryParam("after", "2")
                .get("/sandbox/hubspot/crm/v4/objects/deals/" + deal + "/associations/contacts")
                .then()
                .statusCode(200)
                .body("results.toObjectId", equalTo(List.of(1003)))
                .body("paging", equalTo(null));
        given().header("Authorization", "Bearer " + token)
                .get("/sandbox/hubspot/crm/v4/objects/deals/no-such-deal/associations/contacts")
                .then()
                .statusCode(404);
    }

    @Test
    void contactsBatchReadWithoutPropertiesWithHistoryIsRefusedBySchema() {
        given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("{\"inputs\":[{\"id\":\"1001\"}],\"properties\":[\"phone\"]}")
                .post("/sandbox/hubspot/crm/v3/objects/contacts/batch/read")
                .then()
                .statusCode(400);
    }

    @Test
    void conformingRequestsAreServed() {
        given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("{\"inputs\":[{\"id\":\"1001\"}],\"properties\":[\"mobilephone\"],\"propertiesWithHistory\":[]}")
                .post("/sandbox/hubspot/crm/v3/objects/contacts/batch/read")
                .then()
                .statusCode(200)
                .body("results[0].properties.mobilephone", equalTo("+34 612 345 678"));
    }

    @Test
    void unknownRefreshTokenIsInvalidGrant() {
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "refresh_token")
                .formParam("client_id", "sandbox-client-id")
                .formParam("client_secret", "sandbox-client-secret")
                .formParam("refresh_token", "revoked")
                .post("/sandbox/hubspot/oauth/v3/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"));
    }

    @Test
    void introspectionNamesThePortalAndScopesOfALiveTokenAndOnlyInactiveForAnUnknownOne() {
        given().contentType("application/x-www-form-urlencoded")
                .formParam("client_id", "sandbox-client-id")
                .formParam("client_secret", "sandbox-client-secret")
                .formParam("token", token)
                .formParam("token_type_hint", "access_token")
                .post("/sandbox/hubspot/oauth/v3/token/introspect")
                .then()
                .statusCode(200)
                .body("active", equalTo(true))
                .body("token_use", equalTo("access_token"))
                .body("hub_id", equalTo((int) config.sandbox().demoPortalId()))
                .body("scopes", hasItem("timeline"));
        given().contentType("application/x-www-form-urlencoded")
                .formParam("client_id", "sandbox-client-id")
                .formParam("client_secret", "sandbox-client-secret")
                .formParam("token", "never-issued")
                .post("/sandbox/hubspot/oauth/v3/token/introspect")
                .then()
                .statusCode(200)
                .body("active", equalTo(false))
                .body("hub_id", nullValue());
    }

    @Test
    void oauthFormsWithAWrongClientOrAnUndeclaredFieldAreRefused() {
        given().contentType("application/x-www-form-urlencoded")
                .formParam("client_id", "sandbox-client-id")
                .formParam("client_secret", "wrong")
                .formParam("token", token)
                .post("/sandbox/hubspot/oauth/v3/token/revoke")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_client"));
        given().contentType("application/x-www-form-urlencoded")
                .formParam("client_id", "sandbox-client-id")
                .formParam("client_secret", "sandbox-client-secret")
                .formParam("token", token)
                .formParam("token_type_hint", "access_token")
                .post("/sandbox/hubspot/oauth/v3/token/introspect?hapikey=x")
                .then()
                .statusCode(400)
                .body("status", equalTo("error"))
                .body("message", containsString("hapikey"));
    }

    @Test
    void aRevokedRefreshTokenNoLongerRefreshes() {
        String refresh = given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "authorization_code")
                .formParam("client_id", "sandbox-client-id")
                .formParam("client_secret", "sandbox-client-secret")
                .formParam("code", authorizationCode())
                .formParam("redirect_uri", config.publicBaseUrl() + "/oauth/callback")
                .post("/sandbox/hubspot/oauth/v3/token")
                .then()
                .statusCode(200)
                .extract()
                .path("refresh_token");
        given().contentType("application/x-www-form-urlencoded")
                .formParam("client_id", "sandbox-client-id")
                .formParam("client_secret", "sandbox-client-secret")
                .formParam("token", refresh)
                .formParam("token_type_hint", "refresh_token")
                .post("/sandbox/hubspot/oauth/v3/token/revoke")
                .then()
                .statusCode(200);
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "refresh_token")
                .formParam("client_id", "sandbox-client-id")
                .formParam("client_secret", "sandbox-client-secret")
                .formParam("refresh_token", refresh)
                .post("/sandbox/hubspot/oauth/v3/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("status", equalTo("BAD_REFRESH_TOKEN"));
    }

    @Test
    void theRetiredV1OAuthPathsAnswer404NamingTheReplacement() {
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "refresh_token")
                .formParam("client_id", "sandbox-client-id")
                .formParam("client_secret", "sandbox-client-secret")
                .formParam("refresh_token", "sandbox-refresh-token")
                .post("/sandbox/hubspot" + HubSpotOAuthSandbox.RETIRED_OAUTH_PATH + "/token")
                .then()
                .statusCode(404)
                .body("status", equalTo("error"))
                .body("message", containsString("/oauth/v3/token"));
    }

    @Test
    void everyRequestOfASendJourneyConformsToItsSpecAndCarriesOnlyDeclaredQueryParameters() {
        int before = SpecConformance.loggedRequests().size();
        String callbackId = Sandbox.enroll("1001", Map.of("sender", "ACME", "message", "Journey " + Sandbox.marker()))
                .getString("callbackId");
        await().atMost(Sandbox.WAIT)
                .until(
                        () -> given().get("/sandbox/hubspot/callbacks")
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("findAll { it.callbackId == '" + callbackId
                                        + "' }.outputFields.deliveryStatus"),
                        statuses -> !statuses.isEmpty());

        // One read of the log: the journal poll keeps adding to it between two reads.
        List<Map<String, Object>> logged = SpecConformance.loggedRequests();
        List<Map<String, Object>> journey = logged.subList(before, logged.size());
        assertFalse(journey.isEmpty(), "the journey reached HubSpot");
        SpecConformance.assertEachConformsToItsSpec(journey);
    }

    /** A code the stand-in's authorize page issues for its second portal, as HubSpot's redirect carries it. */
    private String authorizationCode() {
        String location = given().redirects()
                .follow(false)
                .queryParam("client_id", "sandbox-client-id")
                .queryParam("redirect_uri", config.publicBaseUrl() + "/oauth/callback")
                .queryParam("scope", String.join(" ", config.hubspot().scopes()))
                .queryParam("portalId", HubSpotOAuthSandbox.SECOND_PORTAL)
                .get("/sandbox/hubspot/oauth/authorize")
                .then()
                .statusCode(302)
                .extract()
                .header("Location");
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        assertTrue(code.find(), location);
        return URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    @Test
    void nrsRefusesBadCredentialsWithCode103() {
        given().header("Authorization", basic("sandbox", "wrong"))
                .contentType("application/json")
                .body(Map.of("to", List.of("34600000001"), "from", "ACME", "message", "hi"))
                .post("/sandbox/360nrs/api/rest/sms")
                .then()
                .statusCode(401)
                .body("error.code", equalTo(103));
    }

    @Test
    void nrsRefusesMissingRecipientsSenderAndBadEncodingWithTheirCodes() {
        String auth = basic("sandbox", "sandbox-api-password");
        given().header("Authorization", auth)
                .contentType("application/json")
                .body(Map.of("from", "ACME", "message", "hi"))
                .post("/sandbox/360nrs/api/rest/sms")
                .then()
                .statusCode(400)
                .body("error.code", equalTo(102));
        given().header("Authorization", auth)
                .contentType("application/json")
                .body(Map.of("to", List.of("34600000001"), "message", "hi"))
                .post("/sandbox/360nrs/api/rest/sms")
                .then()
                .statusCode(400)
                .body("error.code", equalTo(106));
        given().header("Authorization", auth)
                .contentType("application/json")
                .body(Map.of("to", List.of("34600000001"), "from", "ACME", "message", "hi", "encoding", "latin1"))
                .post("/sandbox/360nrs/api/rest/sms")
                .then()
                .statusCode(400)
                .body("error.code", equalTo(113));
        given().header("Authorization", auth)
                .contentType("application/json")
                .body(Map.of("to", List.of("34600000001"), "from", "ACME", "message", "a".repeat(161), "parts", 1))
                .post("/sandbox/360nrs/api/rest/sms")
                .then()
                .statusCode(400)
                .body("error.code", equalTo(110));
    }

    @Test
    void nrsAcceptsSomeRecipientsWith207() {
        given().header("Authorization", basic("sandbox", "sandbox-api-password"))
                .contentType("application/json")
                .body(Map.of("to", List.of("34600000001", "34600000003"), "from", "ACME", "message", "hi"))
                .post("/sandbox/360nrs/api/rest/sms")
                .then()
                .statusCode(207)
                .body("result[0].accepted", equalTo(true))
                .body("result[1].accepted", equalTo(false))
                .body("result[1].error.code", equalTo(102));
    }

    @Test
    void nrsTakesUpTo500NumbersPerRequestAndRefusesMore() {
        String auth = basic("sandbox", "sandbox-api-password");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(Long.toString(34616000000L + i));
        }
        given().header("Authorization", auth)
                .contentType("application/json")
                .body(Map.of("to", tooMany, "from", "ACME", "message", "hi"))
                .post("/sandbox/360nrs/api/rest/sms")
                .then()
                .statusCode(400)
                .body("error.code", equalTo(102))
                .body("error.description", containsString("at most 500"));
        given().header("Authorization", auth)
                .contentType("application/json")
                .body(Map.of("to", tooMany.subList(0, 500), "from", "ACME", "message", "hi"))
                .post("/sandbox/360nrs/api/rest/sms")
                .then()
                .statusCode(202)
                .body("result.size()", equalTo(500))
                .body("result[499].to", equalTo(tooMany.get(499)));
    }

    @Test
    void nrsAppliesARequestLevelFaultToEveryRecipientAndLeavesOutTheLeftOutNumber() {
        String auth = basic("sandbox", "sandbox-api-password");
        String marker = "conformance-" + System.nanoTime();
        given().header("Authorization", auth)
                .contentType("application/json")
                .body(Map.of("to", List.of("34616100001", "34600000006"), "from", "ACME", "message", marker))
                .post("/sandbox/360nrs/api/rest/sms")
                .then()
                .statusCode(402)
                .body("error.code", equalTo(111));
        List<Map<String, Object>> accepted = given().get("/sandbox/360nrs/messages")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertFalse(
                accepted.stream().anyMatch(m -> marker.equals(m.get("message"))),
                "nothing of a refused request is accepted");

        given().header("Authorization", auth)
                .contentType("application/json")
                .body(Map.of("to", List.of("34616100002", "34600000008"), "from", "ACME", "message", "hi"))
                .post("/sandbox/360nrs/api/rest/sms")
                .then()
                .statusCode(202)
                .body("result.size()", equalTo(1))
                .body("result[0].to", equalTo("34616100002"));
    }
}
