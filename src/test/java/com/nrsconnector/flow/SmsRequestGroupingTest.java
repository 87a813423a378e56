package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.sandbox.NrsSandbox;
import com.nrsconnector.security.CallbackSigner;
import com.nrsconnector.send.NrsCircuitBreaker;
import com.nrsconnector.store.Db;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Sends of one batch with the same account, sender, final text and options go to 360nrs in one request; each
 * recipient is settled on its own, and its delivery reports find it by the request's reference and its number.
 */
@QuarkusTest
class SmsRequestGroupingTest {

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    CamelContext camel;

    @Inject
    Db db;

    @Inject
    CallbackSigner signer;

    /** A contact per number (created, then enrolled while the dispatcher waits, so one batch claims them all). */
    private Map<String, String> enrollTogether(List<String> numbers, Map<String, String> inputs, String marker)
            throws Exception {
        Map<String, String> contactByNumber = new LinkedHashMap<>();
        camel.getRouteController().stopRoute("send-dispatcher");
        try {
            int i = 0;
            for (String number : numbers) {
                String contact = Sandbox.createContact(Map.of("mobilephone", "+" + number));
                contactByNumber.put(number, contact);
                Sandbox.enroll(contact, inputs, marker + "-" + i++);
            }
        } finally {
            camel.getRouteController().startRoute("send-dispatcher");
        }
        return contactByNumber;
    }

    private List<JsonNode> bodies(String marker) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (Map<String, Object> request : Sandbox.nrsSmsRequestsMentioning(marker)) {
            bodies.add(json.readTree((String) request.get("body")));
        }
        return bodies;
    }

    private static List<String> numbers(JsonNode body) {
        List<String> numbers = new ArrayList<>();
        body.path("to").forEach(n -> numbers.add(n.asText()));
        return numbers;
    }

    private long messageId(String callbackId) {
        return db.queryOne("SELECT id FROM message WHERE callback_id = ?", r -> r.getLong(1), callbackId)
                .orElseThrow();
    }

    private Long requestRef(String callbackId) {
        return db.queryOne(
                        "SELECT request_ref FROM message WHERE callback_id = ?",
                        r -> r.getObject(1) == null ? null : r.getLong(1),
                        callbackId)
                .orElseThrow();
    }

    private long deadLetters(String callbackId) {
        return db.queryOne(
                        "SELECT COUNT(*) FROM dead_letter WHERE message_id = (SELECT id FROM message WHERE callback_id = ?)",
                        r -> r.getLong(1),
                        callbackId)
                .orElse(0L);
    }

    @SuppressWarnings("unchecked")
    private static String token(String contact, String eventType, String token) {
        return Sandbox.timeline(contact).stream()
                .filter(e -> eventType.equals(e.get("eventType")))
                .map(e -> ((Map<String, String>) e.get("tokens")).get(token))
                .findFirst()
                .orElse(null);
    }

    @Test
    void sameTextToSeveralContactsIsOneRequestAndEachRecipientIsSettledOnItsOwn() throws Exception {
        String marker = Sandbox.marker();
        List<String> numbers = List.of(
                "34613100001",
                "34613100002",
                NrsSandbox.NOT_DELIVERED,
                NrsSandbox.INVALID,
                NrsSandbox.REPORTS_FIRST,
                NrsSandbox.DELIVERED);
        Map<String, String> contacts = enrollTogether(
                numbers, Map.of("sender", "ACME", "message", "Aviso " + marker, "campaignName", "Lote"), marker);

        for (String number : List.of("34613100001", "34613100002", NrsSandbox.REPORTS_FIRST, NrsSandbox.DELIVERED)) {
            assertThat(
                    number,
                    Sandbox.awaitEventTypes(contacts.get(number), e -> e.contains("SMS_DELIVERED")),
                    contains("SMS_SENT", "SMS_DELIVERED"));
        }
        assertThat(
                Sandbox.awaitEventTypes(contacts.get(NrsSandbox.NOT_DELIVERED), e -> e.contains("SMS_NOT_DELIVERED")),
                contains("SMS_SENT", "SMS_NOT_DELIVERED"));
        assertThat(Sandbox.awaitNotSentReason(contacts.get(NrsSandbox.INVALID)), containsString("(error 102)"));

        // One request carried all six numbers, with one notification URL: the lowest message's.
        List<JsonNode> bodies = bodies(marker);
        assertThat(bodies, hasSize(1));
        assertThat(numbers(bodies.get(0)), containsInAnyOrder(numbers.toArray()));
        long ref = messageId(marker + "-0");
        assertThat(
                bodies.get(0).path("notificationUrl").asText(),
                containsString(
                        "/callbacks/360nrs/sms?ref=" + ref + "&sig=" + signer.sign("dlr", ref) + "&status=%d&to=%P"));
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(ref, requestRef(marker + "-" + i), "every message records the request it went in");
        }

        // Each accepted message has its own 360nrs id on its own timeline.
        Set<String> ids = new HashSet<>();
        for (String number : List.of(
                "34613100001",
                "34613100002",
                NrsSandbox.NOT_DELIVERED,
                NrsSandbox.REPORTS_FIRST,
                NrsSandbox.DELIVERED)) {
            String id = token(contacts.get(number), "SMS_SENT", "messageId");
            assertNotNull(id, number);
            ids.add(id);
        }
        assertEquals(5, ids.size());

        // The reports found their messages by number: the not-delivered one went to its own message only.
        assertEquals(
                List.of("NOT_DELIVERED"),
                db.query(
                        "SELECT status FROM provider_callback WHERE message_id = ?",
                        r -> r.getString(1),
                        messageId(marker + "-2")));
        assertEquals(
                List.of("DELIVERED"),
                db.query(
                        "SELECT status FROM provider_callback WHERE message_id = ?",
                        r -> r.getString(1),
                        messageId(marker + "-0")));
        // The report that overtook the answer was held, then applied once the send was recorded.
        Map<String, Object> early = Sandbox.nrsCallbacks().stream()
                .filter(c -> String.valueOf(c.get("url")).contains("ref=" + ref + "&")
                        && String.valueOf(c.get("url")).contains("to=" + NrsSandbox.REPORTS_FIRST))
                .findFirst()
                .orElseThrow();
        assertThat(String.valueOf(early.get("response")), containsString("held"));
        assertEquals(
                List.of("APPLIED"),
                db.query(
                        "SELECT state FROM provider_callback WHERE message_id = ?",
                        r -> r.getString(1),
                        messageId(marker + "-4")));
    }

    @Test
    void differentTextsGoInSeparateRequestsAndTheSameNumberTwiceInTwo() throws Exception {
        String personal = Sandbox.marker();
        List<String> personalContacts = new ArrayList<>();
        String twice = Sandbox.marker();
        List<String> twiceContacts = new ArrayList<>();
        camel.getRouteController().stopRoute("send-dispatcher");
        try {
            for (String name : List.of("Ana", "Bea", "Carla")) {
                String contact = Sandbox.createContact(
                        Map.of("firstname", name, "mobilephone", "+3461320000" + personalContacts.size()));
                personalContacts.add(contact);
                Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Hola {{contact.firstname}} " + personal));
            }
            // Two contacts sharing one number, and a third one: the number goes once per request.
            for (String number : List.of("+34613200010", "+34613200010", "+34613200011")) {
                String contact = Sandbox.createContact(Map.of("mobilephone", number));
                twiceContacts.add(contact);
                Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Igual " + twice));
            }
        } finally {
            camel.getRouteController().startRoute("send-dispatcher");
        }
        for (String contact : personalContacts) {
            Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED"));
        }
        for (String contact : twiceContacts) {
            assertThat(
                    Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                    contains("SMS_SENT", "SMS_DELIVERED"));
        }

        List<JsonNode> personalBodies = bodies(personal);
        assertThat(personalBodies, hasSize(3));
        List<String> texts =
                personalBodies.stream().map(b -> b.path("message").asText()).toList();
        assertThat(texts, containsInAnyOrder("Hola Ana " + personal, "Hola Bea " + personal, "Hola Carla " + personal));
        personalBodies.forEach(b -> assertEquals(1, b.path("to").size()));

        List<JsonNode> twiceBodies = bodies(twice);
        assertThat(twiceBodies, hasSize(2));
        List<List<String>> recipients =
                twiceBodies.stream().map(SmsRequestGroupingTest::numbers).toList();
        assertThat(recipients, containsInAnyOrder(List.of("34613200010", "34613200011"), List.of("34613200010")));
    }

    @Test
    void aWholeRequestRefusedBefore360nrsTookAnythingIsRetriedForEveryRecipientAndSentOnce() throws Exception {
        String marker = Sandbox.marker();
        List<String> numbers = List.of("34613300001", "34613300002", "34613300003");
        Map<String, String> contacts = new LinkedHashMap<>();
        camel.getRouteController().stopRoute("send-dispatcher");
        try {
            int i = 0;
            for (String number : numbers) {
                String contact = Sandbox.createContact(Map.of("mobilephone", "+" + number));
                contacts.put(number, contact);
                Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Reintento " + marker), marker + "-" + i++);
            }
            given().contentType(ContentType.JSON)
                    .body(Map.of("status", 503))
                    .post("/sandbox/360nrs/faults")
                    .then()
                    .statusCode(200);
            camel.getRouteController().startRoute("send-dispatcher");
            await().atMost(Sandbox.WAIT)
                    .until(() -> !Sandbox.nrsSmsRequestsMentioning(marker).isEmpty());
            camel.getRouteController().stopRoute("send-dispatcher");
        } finally {
            given().delete("/sandbox/360nrs/faults").then().statusCode(200);
            camel.getRouteController().startRoute("send-dispatcher");
        }
        for (String number : numbers) {
            assertThat(
                    Sandbox.awaitEventTypes(contacts.get(number), e -> e.contains("SMS_DELIVERED")),
                    contains("SMS_SENT", "SMS_DELIVERED"));
        }
        // Every attempt carried the three numbers; the 503 took none, the last attempt took each once.
        List<JsonNode> bodies = bodies(marker);
        assertTrue(bodies.size() >= 2, "a refused request, then the one that was taken: " + bodies.size());
        bodies.forEach(b -> assertThat(numbers(b), containsInAnyOrder(numbers.toArray())));
        List<String> taken = acceptedNumbers(marker);
        assertThat(taken, containsInAnyOrder(numbers.toArray()));
    }

    @SuppressWarnings("unchecked")
    private static List<String> acceptedNumbers(String marker) {
        List<Map<String, Object>> accepted = given().get("/sandbox/360nrs/messages")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        return accepted.stream()
                .filter(m -> String.valueOf(m.get("message")).contains(marker))
                .map(m -> (String) m.get("to"))
                .toList();
    }

    @Test
    void aRequestWithoutAnswerLeavesEveryRecipientUnknownAndNoneIsSentAgain() throws Exception {
        String marker = Sandbox.marker();
        List<String> numbers = List.of("34613400001", NrsSandbox.TIMES_OUT, "34613400002");
        Map<String, String> contacts =
                enrollTogether(numbers, Map.of("sender", "ACME", "message", "Sin respuesta " + marker), marker);

        for (int i = 0; i < numbers.size(); i++) {
            assertThat(Sandbox.awaitNotSentReason(contacts.get(numbers.get(i))), containsString("outcome is unknown"));
            assertEquals(1L, deadLetters(marker + "-" + i));
        }
        awaitNothingPending(marker, numbers.size());
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
        assertThat(numbers(bodies(marker).get(0)), containsInAnyOrder(numbers.toArray()));
    }

    @Test
    void aRecipientTheAnswerLeavesOutIsUnknownAndTheOthersAreSent() throws Exception {
        String marker = Sandbox.marker();
        List<String> numbers = List.of("34613500001", NrsSandbox.LEFT_OUT, "34613500002");
        Map<String, String> contacts =
                enrollTogether(numbers, Map.of("sender", "ACME", "message", "Omitido " + marker), marker);

        assertThat(
                Sandbox.awaitNotSentReason(contacts.get(NrsSandbox.LEFT_OUT)),
                containsString("without a result for " + NrsSandbox.LEFT_OUT));
        assertThat(
                Sandbox.timeline(contacts.get(NrsSandbox.LEFT_OUT)).toString(), containsString("outcome is unknown"));
        assertEquals(1L, deadLetters(marker + "-1"));
        for (String number : List.of("34613500001", "34613500002")) {
            assertThat(
                    Sandbox.awaitEventTypes(contacts.get(number), e -> e.contains("SMS_DELIVERED")),
                    contains("SMS_SENT", "SMS_DELIVERED"));
        }
        assertEquals(0L, deadLetters(marker + "-0"));
        awaitNothingPending(marker, numbers.size());
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
    }

    /** Waits until none of the calls enrollTogether made has anything left that could reach 360nrs or HubSpot. */
    private void awaitNothingPending(String marker, int calls) {
        for (int i = 0; i < calls; i++) {
            Outbox.awaitNothingPendingFor(db, marker + "-" + i);
        }
    }

    private static io.restassured.response.ValidatableResponse report(
            Object ref, String sig, String to, String status) {
        var request = given().queryParam("ref", ref).queryParam("sig", sig).queryParam("status", status);
        if (to != null) {
            request.queryParam("to", to);
        }
        return request.get("/callbacks/360nrs/sms").then();
    }

    @Test
    void reportsNameTheRequestAndTheNumberForgedReferencesAreRefusedAndOldReferencesStillWork() throws Exception {
        String marker = Sandbox.marker();
        // The second recipient's reports never come from the stand-in: the test makes them.
        Map<String, String> contacts = enrollTogether(
                List.of("34613600001", NrsSandbox.NEVER_REPORTS),
                Map.of("sender", "ACME", "message", "Informe " + marker),
                marker);
        String silent = contacts.get(NrsSandbox.NEVER_REPORTS);
        Sandbox.awaitEventTypes(silent, e -> e.contains("SMS_SENT"));
        Sandbox.awaitEventTypes(contacts.get("34613600001"), e -> e.contains("SMS_DELIVERED"));
        long ref = messageId(marker + "-0");
        long other = messageId(marker + "-1");
        assertEquals(ref, requestRef(marker + "-1"));

        // A forged signature, or a reference the signature is not for, writes nothing.
        report(ref, "forged", NrsSandbox.NEVER_REPORTS, "1").statusCode(401);
        report(other, signer.sign("dlr", ref), NrsSandbox.NEVER_REPORTS, "1").statusCode(401);
        report(ref + 1_000_000, signer.sign("dlr", ref), NrsSandbox.NEVER_REPORTS, "1")
                .statusCode(401);
        // A number the request did not carry is no message of it.
        report(ref, signer.sign("dlr", ref), "34699999999", "1")
                .statusCode(200)
                .body("status", equalTo("ignored: no message of this request for that number"));
        // Without the number, a request with several recipients cannot say whose report it is.
        report(ref, signer.sign("dlr", ref), null, "1")
                .statusCode(200)
                .body("status", equalTo("ignored: no message of this request for that number"));
        assertEquals(0L, (long)
                db.queryOne("SELECT COUNT(*) FROM provider_callback WHERE message_id = ?", r -> r.getLong(1), other)
                        .orElse(0L));

        // The request's reference and the number: the second message, not the one whose id is the reference.
        report(ref, signer.sign("dlr", ref), "+" + NrsSandbox.NEVER_REPORTS, "1")
                .statusCode(200)
                .body("status", equalTo("applied"));
        assertThat(
                Sandbox.awaitEventTypes(silent, e -> e.contains("SMS_DELIVERED")),
                contains("SMS_SENT", "SMS_DELIVERED"));

        // A message sent before requests carried several recipients: its own id is the reference, no request recorded.
        String oldMarker = Sandbox.marker();
        Map<String, String> old = enrollTogether(
                List.of(NrsSandbox.NEVER_REPORTS),
                Map.of("sender", "ACME", "message", "Antiguo " + oldMarker),
                oldMarker);
        Sandbox.awaitEventTypes(old.get(NrsSandbox.NEVER_REPORTS), e -> e.contains("SMS_SENT"));
        long oldId = messageId(oldMarker + "-0");
        // A request with one recipient keeps the notification URL it always had.
        assertThat(
                bodies(oldMarker).get(0).path("notificationUrl").asText(),
                containsString("/callbacks/360nrs/sms?ref=" + oldId + "&sig=" + signer.sign("dlr", oldId)
                        + "&status=%d&to=%P&at=%t"));
        assertEquals(1, db.update("UPDATE message SET request_ref = NULL WHERE id = ?", oldId));
        report(oldId, signer.sign("dlr", oldId), null, "1").statusCode(200).body("status", equalTo("applied"));
        assertThat(
                Sandbox.awaitEventTypes(old.get(NrsSandbox.NEVER_REPORTS), e -> e.contains("SMS_DELIVERED")),
                contains("SMS_SENT", "SMS_DELIVERED"));
        report(oldId, signer.sign("dlr", oldId), NrsSandbox.NEVER_REPORTS, "1")
                .statusCode(200)
                .body("status", equalTo("duplicate"));
    }

    @Test
    void anOpenCircuitBreakerHoldsTheWholeRequestBackWithoutUsingAttempts() throws Exception {
        String marker = Sandbox.marker();
        List<String> numbers = List.of("34613700001", "34613700002");
        Map<String, String> contacts;
        CircuitBreaker breaker = breakers.forAccount(NrsSandbox.USERNAME);
        breaker.transitionToForcedOpenState();
        try {
            contacts = enrollTogether(numbers, Map.of("sender", "ACME", "message", "Cortocircuito " + marker), marker);
            // Claimed and given back to the queue, due when the breaker would half-open.
            await().atMost(Sandbox.WAIT)
                    .until(() -> db.queryOne(
                                            "SELECT COUNT(*) FROM send_queue q JOIN message m "
                                                    + "ON m.id = q.message_id WHERE m.callback_id IN (?, ?) AND q.lease_owner IS NULL AND q.available_at > ?",
                                            r -> r.getInt(1),
                                            marker + "-0",
                                            marker + "-1",
                                            Instant.now())
                                    .orElse(0)
                            == 2);
            assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(0));
            for (int i = 0; i < numbers.size(); i++) {
                assertEquals(
                        "PENDING",
                        db.queryOne(
                                        "SELECT status FROM message WHERE callback_id = ?",
                                        r -> r.getString(1),
                                        marker + "-" + i)
                                .orElseThrow());
                int attempts = db.queryOne(
                                "SELECT attempts FROM send_queue WHERE message_id = ?",
                                r -> r.getInt(1),
                                messageId(marker + "-" + i))
                        .orElse(0);
                assertTrue(attempts <= 1, "attempts used while the breaker was open: " + attempts);
            }
        } finally {
            breaker.transitionToClosedState();
        }
        for (String number : numbers) {
            assertThat(
                    Sandbox.awaitEventTypes(contacts.get(number), e -> e.contains("SMS_DELIVERED")),
                    contains("SMS_SENT", "SMS_DELIVERED"));
        }
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
    }

    @Test
    void aRequestWhoseRecordingFailsIsRecordedRecipientByRecipientAndNeverRequestedAgain() throws Exception {
        String marker = Sandbox.marker();
        List<String> numbers = List.of("34613800001", "34613800002", NrsSandbox.INVALID);
        Map<String, String> contacts;
        RefusingTrigger.RECORDING_SENT.install(dataSource);
        try {
            contacts = enrollTogether(
                    numbers,
                    Map.of("sender", "ACME", "message", "Registro " + RefuseRecordingSentTrigger.MARKER + " " + marker),
                    marker);
            for (String number : List.of("34613800001", "34613800002")) {
                assertThat(
                        Sandbox.awaitEventTypes(contacts.get(number), e -> e.contains("SMS_DELIVERED")),
                        contains("SMS_SENT", "SMS_DELIVERED"));
            }
        } finally {
            RefusingTrigger.RECORDING_SENT.drop(dataSource);
        }
        assertThat(Sandbox.awaitNotSentReason(contacts.get(NrsSandbox.INVALID)), containsString("(error 102)"));
        awaitNothingPending(marker, numbers.size());
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
    }

    @Inject
    NrsCircuitBreaker breakers;

    @Inject
    @Named("connectorDb")
    DataSource dataSource;
}
