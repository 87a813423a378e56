package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** A deal-based workflow sends to each of the deal's associated contacts and completes once, when all are final. */
@QuarkusTest
class DealWorkflowTest {

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    Db db;

    @Inject
    ConnectorConfig config;

    @Test
    void aDealWithThreeContactsSendsThreeSmsEachOnItsContactsTimelineAndCompletesOnce() throws Exception {
        String ana = Sandbox.createContact(Map.of("firstname", "Ana", "mobilephone", "+34 612 000 701"));
        String bea = Sandbox.createContact(Map.of("firstname", "Bea", "mobilephone", "+34 612 000 702"));
        String carlos = Sandbox.createContact(Map.of("firstname", "Carlos", "mobilephone", "+34 612 000 703"));
        String deal = Sandbox.createDeal(dealId(), List.of(ana, bea, carlos));
        String marker = Sandbox.marker();

        JsonPath answer = Sandbox.enrollDeal(
                deal,
                Map.of(
                        "sender",
                        "ACME",
                        "message",
                        "Hola {{contact.firstname}}, " + marker,
                        "campaignName",
                        "Renovaciones"));
        assertEquals(200, answer.getInt("status"));
        assertEquals("BLOCK", answer.getString("response.outputFields.hs_execution_state"));
        String callbackId = answer.getString("callbackId");
        assertEquals(
                "DEAL",
                db.queryOne(
                                "SELECT object_type FROM action_request WHERE callback_id = ?",
                                row -> row.getString(1),
                                callbackId)
                        .orElseThrow());

        for (String contact : List.of(ana, bea, carlos)) {
            assertThat(
                    Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                    contains("SMS_SENT", "SMS_DELIVERED"));
        }
        List<Map<String, Object>> sends = Sandbox.nrsSmsRequestsMentioning(marker);
        assertThat(sends, hasSize(3));
        List<String> texts = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (Map<String, Object> send : sends) {
            JsonNode body = json.readTree((String) send.get("body"));
            texts.add(body.path("message").asText());
            numbers.add(body.path("to").get(0).asText());
        }
        assertThat(texts, containsInAnyOrder("Hola Ana, " + marker, "Hola Bea, " + marker, "Hola Carlos, " + marker));
        assertThat(numbers, containsInAnyOrder("34612000701", "34612000702", "34612000703"));

        Map<String, String> outputs = awaitCompletion(callbackId);
        assertEquals("SUCCESS", outputs.get("hs_execution_state"));
        assertEquals("DELIVERED", outputs.get("deliveryStatus"));
        assertEquals("Renovaciones", outputs.get("campaignName"));
        assertEquals("", outputs.get("failureReason"));
        List<String> timelineIds = new ArrayList<>();
        for (String contact : List.of(ana, bea, carlos)) {
            @SuppressWarnings("unchecked")
            Map<String, String> tokens =
                    (Map<String, String>) Sandbox.timeline(contact).get(0).get("tokens");
            timelineIds.add(tokens.get("messageId"));
        }
        assertThat(Arrays.asList(outputs.get("messageId").split(",")), containsInAnyOrder(timelineIds.toArray()));
        // Completed once, with nothing left that could complete it again.
        Outbox.awaitNothingPendingFor(db, callbackId);
        assertEquals(1, completions(callbackId));
    }

    @Test
    void aContactWithoutNumberIsNotSentAndTheDealEndsNotDeliveredNamingIt() {
        String withPhone = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 711"));
        String without = Sandbox.createContact(Map.of("firstname", "Sin"));
        String deal = Sandbox.createDeal(dealId(), List.of(withPhone, without));

        String callbackId = Sandbox.enrollDeal(deal, Map.of("sender", "ACME", "message", "Aviso " + Sandbox.marker()))
                .getString("callbackId");
        Sandbox.awaitEventTypes(withPhone, e -> e.contains("SMS_DELIVERED"));
        assertEquals(List.of("SMS_NOT_SENT"), Sandbox.awaitEventTypes(without, e -> !e.isEmpty()));

        Map<String, String> outputs = awaitCompletion(callbackId);
        assertEquals("FAIL_CONTINUE", outputs.get("hs_execution_state"));
        assertEquals("NOT_DELIVERED", outputs.get("deliveryStatus"));
        assertThat(outputs.get("failureReason"), containsString("1 of 2 delivered"));
        assertThat(outputs.get("failureReason"), containsString("contact " + without + " not sent"));
    }

    @Test
    void aDealWithoutContactsCompletesNotSentAtOnce() {
        String deal = Sandbox.createDeal(dealId(), List.of());
        String callbackId = Sandbox.enrollDeal(deal, Map.of("sender", "ACME", "message", "Nadie"))
                .getString("callbackId");

        Map<String, String> outputs = awaitCompletion(callbackId);
        assertEquals("NOT_SENT", outputs.get("deliveryStatus"));
        assertThat(outputs.get("failureReason"), containsString("has no associated contacts"));
        assertEquals(
                0,
                db.queryOne("SELECT COUNT(*) FROM message WHERE callback_id = ?", row -> row.getInt(1), callbackId)
                        .orElseThrow());
    }

    @Test
    void aDealHubSpotWillNotShowCompletesNotSentWithTheReason() {
        // A deal of another portal: HubSpot answers 404 to the demo portal's token.
        String deal = given().contentType(ContentType.JSON)
                .body(Map.of("id", dealId(), "portalId", 777002, "contactIds", List.of("1001")))
                .post("/sandbox/hubspot/deals")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        String callbackId = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "actionType",
                        "SEND_SMS",
                        "objectType",
                        "DEAL",
                        "dealId",
                        deal,
                        "portalId",
                        config.sandbox().demoPortalId(),
                        "inputFields",
                        Map.of("sender", "ACME", "message", "Hola"),
                        "callbackId",
                        "deal-" + UUID.randomUUID()))
                .post("/sandbox/hubspot/workflows/enroll")
                .then()
                .statusCode(200)
                .extract()
                .path("callbackId");

        Map<String, String> outputs = awaitCompletion(callbackId);
        assertEquals("NOT_SENT", outputs.get("deliveryStatus"));
        assertThat(outputs.get("failureReason"), containsString("the contacts of deal " + deal + " could not be read"));
        assertThat(outputs.get("failureReason"), containsString("404"));
        assertEquals(
                "FAILED",
                db.queryOne(
                                "SELECT recipients_state FROM action_request WHERE callback_id = ?",
                                row -> row.getString(1),
                                callbackId)
                        .orElseThrow());
    }

    private static String dealId() {
        return Long.toString(900_000_000L + Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 99_999_999L));
    }

    private static long completions(String callbackId) {
        return Sandbox.completions().stream()
                .filter(c -> callbackId.equals(c.get("callbackId")))
                .count();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> awaitCompletion(String callbackId) {
        Map<String, Object> completion = await().atMost(Sandbox.WAIT)
                .until(
                        () -> Sandbox.completions().stream()
                                .filter(c -> callbackId.equals(c.get("callbackId")))
                                .findFirst()
                                .orElse(null),
                        c -> c != null);
        return (Map<String, String>) completion.get("outputFields");
    }
}
