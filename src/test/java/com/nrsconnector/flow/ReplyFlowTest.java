package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.nrsconnector.security.CallbackSigner;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Replies forwarded by 360nrs: SMS_RESPONSE with the reply's text on the latest message sent to that number from that
 * sender, after SMS_DELIVERED; an opt-out keyword also unsubscribes the number; and every order of delivery reports,
 * clicks and replies gives each contact's timeline in the seed's order, each event once.
 */
@QuarkusTest
class ReplyFlowTest {

    /** Accepted by the 360nrs stand-in, which never reports on it: the test feeds the reports itself. */
    private static final String SILENT_NUMBER = "34600000007";

    @Inject
    CallbackSigner signer;

    @Inject
    Db db;

    private static JsonPath sandboxReply(String from, String to, String text) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("from", from, "to", to, "text", text))
                .post("/sandbox/360nrs/replies")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> tokensOf(String contact, String eventType) {
        return Sandbox.timeline(contact).stream()
                .filter(e -> eventType.equals(e.get("eventType")))
                .map(e -> (Map<String, String>) e.get("tokens"))
                .findFirst()
                .orElseThrow();
    }

    private String replyUrl() {
        return "/callbacks/360nrs/replies?account=sandbox&sig=" + signer.sign("reply", "sandbox");
    }

    @Test
    void aSandboxReplyGivesSmsResponseWithItsText() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 951"));
        String callbackId = Sandbox.enroll(
                        contact, Map.of("sender", "CITAS", "message", "¿Confirma su cita? " + Sandbox.marker()))
                .getString("callbackId");
        Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED"));

        JsonPath answer = sandboxReply("34612000951", "CITAS", "Sí, allí estaré");
        assertEquals(200, answer.getInt("status"));
        assertEquals("applied", answer.getString("response.status"));
        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_RESPONSE")),
                contains("SMS_SENT", "SMS_DELIVERED", "SMS_RESPONSE"));
        Map<String, String> tokens = tokensOf(contact, "SMS_RESPONSE");
        assertEquals("Sí, allí estaré", tokens.get("details"));
        assertEquals("CITAS", tokens.get("sender"));

        // The same reply again writes nothing new; a reply to a sender that never wrote to the number matches nothing.
        assertEquals(
                "duplicate",
                sandboxReply("+34 612 000 951", "CITAS", "Sí, allí estaré").getString("response.status"));
        assertEquals("unmatched", sandboxReply("34612000951", "OTRO", "Hola").getString("response.status"));
        Outbox.awaitNothingPendingFor(db, callbackId);
        assertThat(Sandbox.eventTypes(contact), contains("SMS_SENT", "SMS_DELIVERED", "SMS_RESPONSE"));
    }

    @Test
    void aBajaReplyUnsubscribesAndTheNextSendIsNotSent() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 952"));
        Sandbox.enroll(contact, Map.of("sender", "TIENDA", "message", "Ofertas " + Sandbox.marker()));
        Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED"));

        JsonPath answer = sandboxReply("34612000952", "TIENDA", " Baja. ");
        assertEquals("applied", answer.getString("response.status"));
        assertEquals("recorded", answer.getString("response.optOut"));
        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.size() == 4),
                contains("SMS_SENT", "SMS_DELIVERED", "SMS_RESPONSE", "SMS_UNSUBSCRIBED"));
        assertEquals(
                "unsubscribed by replying BAJA",
                tokensOf(contact, "SMS_UNSUBSCRIBED").get("details"));
        // The contact's opt-out property is set in HubSpot, as the unsubscribe page sets it.
        await().atMost(Sandbox.WAIT)
                .until(() -> "true"
                        .equals(given().get("/sandbox/hubspot/contacts/" + contact)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getString("properties.sms_opt_out_360nrs")));

        String marker = Sandbox.marker();
        JsonPath again = Sandbox.enroll(contact, Map.of("sender", "TIENDA", "message", "Más ofertas " + marker));
        Map<String, String> outputs = WaitForSendTest.awaitCompletion(again.getString("callbackId"));
        assertEquals("NOT_SENT", outputs.get("deliveryStatus"));
        assertEquals("the recipient unsubscribed from SMS for this portal (reply BAJA)", outputs.get("failureReason"));
        assertTrue(Sandbox.nrsSmsRequestsMentioning(marker).isEmpty(), "nothing went to 360nrs");
        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.size() == 5),
                contains("SMS_SENT", "SMS_DELIVERED", "SMS_RESPONSE", "SMS_UNSUBSCRIBED", "SMS_NOT_SENT"));
    }

    @Test
    void aReplyThatOnlyMentionsAKeywordDoesNotUnsubscribe() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 953"));
        Sandbox.enroll(contact, Map.of("sender", "TIENDA", "message", "Hola " + Sandbox.marker()));
        Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED"));
        JsonPath answer = sandboxReply("34612000953", "TIENDA", "No me des de baja, gracias");
        assertEquals("applied", answer.getString("response.status"));
        assertEquals(null, answer.getString("response.optOut"));
        assertEquals(
                0,
                db.queryOne("SELECT COUNT(*) FROM opt_out WHERE phone = ?", r -> r.getInt(1), "34612000953")
                        .orElse(-1));
    }

    @Test
    void theReplyRouteIsAuthenticatedAndRefusesBadInputWith4xx() {
        given().contentType(ContentType.JSON)
                .body(Map.of("from", "34612000951", "to", "CITAS", "text", "x"))
                .post("/callbacks/360nrs/replies?account=sandbox&sig=forged")
                .then()
                .statusCode(401);
        given().contentType(ContentType.JSON)
                .body(Map.of("from", "34612000951", "to", "CITAS", "text", "x"))
                .post("/callbacks/360nrs/replies?account=other&sig=" + signer.sign("reply", "sandbox"))
                .then()
                .statusCode(401);
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/callbacks/360nrs/replies")
                .then()
                .statusCode(400)
                .body("field", equalTo("account"));
        given().contentType(ContentType.JSON)
                .body("{not json")
                .post(replyUrl())
                .then()
                .statusCode(400)
                .body("field", equalTo("body"));
        given().contentType(ContentType.JSON)
                .body(Map.of("to", "CITAS", "text", "x"))
                .post(replyUrl())
                .then()
                .statusCode(400)
                .body("field", equalTo("from"));
        given().contentType(ContentType.JSON)
                .body(Map.of("from", "34612000951", "text", "x"))
                .post(replyUrl())
                .then()
                .statusCode(400)
                .body("field", equalTo("to"));
        given().contentType(ContentType.JSON)
                .body(Map.of("from", "34612000951", "to", "CITAS"))
                .post(replyUrl())
                .then()
                .statusCode(400)
                .body("field", equalTo("text"));
        given().contentType(ContentType.URLENC)
                .body("from=34612000951&to=NADIE&text=hola")
                .post(replyUrl())
                .then()
                .statusCode(200)
                .body("status", equalTo("unmatched"));
        given().get(replyUrl()).then().statusCode(405);
    }

    /** One message of the ordering test: its contact, id, sender and short link. */
    private record Sent(String contact, long messageId, String sender, String linkPath, boolean delivered) {}

    @Test
    void reportsClicksAndRepliesInEveryOrderGiveEachTimelineInSeedOrderOnce() throws Exception {
        String base = Sandbox.marker();
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String contact = Sandbox.createContact(Map.of("mobilephone", "+" + SILENT_NUMBER));
            String sender = "ORD" + base.substring(1, 5) + i;
            String marker = base + "x" + i;
            JsonPath answer = Sandbox.enroll(
                    contact,
                    Map.of(
                            "sender",
                            sender,
                            "shortenUrls",
                            "true",
                            "message",
                            "Mira https://shop.example.com/p" + i + " " + marker));
            String callbackId = answer.getString("callbackId");
            Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_SENT"));
            long messageId = db.queryOne("SELECT id FROM message WHERE callback_id = ?", r -> r.getLong(1), callbackId)
                    .orElseThrow();
            String text = given()
                    .get("/sandbox/360nrs/messages")
                    .then()
                    .extract()
                    .jsonPath()
                    .<Map<String, Object>>getList("$")
                    .stream()
                    .map(m -> (String) m.get("message"))
                    .filter(m -> m.contains(marker))
                    .findFirst()
                    .orElseThrow();
            String link = text.split(" ")[1];
            sent.add(new Sent(contact, messageId, sender, link.substring(link.indexOf("/l/")), i % 5 != 4));
        }

        // Every message gets its report, a click and a reply; some of each twice; all shuffled and sent side by side.
        List<Runnable> feed = new ArrayList<>();
        Random random = new Random(42);
        for (Sent s : sent) {
            String status = s.delivered() ? "1" : "2";
            Runnable report = () -> given().queryParam("ref", s.messageId())
                    .queryParam("sig", signer.sign("dlr", s.messageId()))
                    .queryParam("status", status)
                    .get("/callbacks/360nrs/sms")
                    .then()
                    .statusCode(200);
            Runnable click = () ->
                    given().redirects().follow(false).get(s.linkPath()).then().statusCode(302);
            Runnable reply = () -> given().contentType(ContentType.URLENC)
                    .body("from=" + SILENT_NUMBER + "&to=" + s.sender() + "&text=Vale+" + s.sender())
                    .post(replyUrl())
                    .then()
                    .statusCode(200);
            feed.addAll(List.of(report, click, reply));
            for (Runnable twice : List.of(report, click, reply)) {
                if (random.nextBoolean()) {
                    feed.add(twice);
                }
            }
        }
        Collections.shuffle(feed, random);
        // A reply and a click before any delivery report, too.
        Sent first = sent.get(0);
        given().contentType(ContentType.URLENC)
                .body("from=" + SILENT_NUMBER + "&to=" + first.sender() + "&text=Vale+" + first.sender())
                .post(replyUrl())
                .then()
                .statusCode(200)
                .body("status", equalTo("held"));
        given().redirects().follow(false).get(first.linkPath()).then().statusCode(302);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Runnable step : feed) {
                done.add(pool.submit(step));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        for (Sent s : sent) {
            if (s.delivered()) {
                List<String> events = Sandbox.awaitEventTypes(s.contact(), e -> e.size() >= 4);
                assertThat(s.contact(), events.subList(0, 2), contains("SMS_SENT", "SMS_DELIVERED"));
                assertThat(
                        s.contact(),
                        events.subList(2, events.size()),
                        containsInAnyOrder("SMS_CLICKED", "SMS_RESPONSE"));
                assertEquals(
                        "Vale " + s.sender(),
                        tokensOf(s.contact(), "SMS_RESPONSE").get("details"));
            } else {
                assertThat(
                        Sandbox.awaitEventTypes(s.contact(), e -> e.size() >= 2),
                        contains("SMS_SENT", "SMS_NOT_DELIVERED"));
            }
        }
        // Nothing more arrives later (the held events of the undelivered ones are discarded, never applied).
        for (Sent s : sent) {
            Outbox.awaitNothingPendingForMessage(db, s.messageId());
            List<String> events = Sandbox.eventTypes(s.contact());
            assertEquals(s.delivered() ? 4 : 2, events.size(), s.contact() + ": " + events);
            assertEquals(events.size(), new HashSet<>(events).size(), "no duplicate on " + s.contact() + ": " + events);
        }
        assertEquals(
                List.of(),
                sent.stream()
                        .map(Sent::messageId)
                        .filter(id -> db.queryOne(
                                                "SELECT COUNT(*) FROM message_event WHERE message_id = ?",
                                                r -> r.getInt(1),
                                                id)
                                        .orElse(0)
                                != (sent.stream()
                                                .filter(s -> s.messageId() == id)
                                                .findFirst()
                                                .orElseThrow()
                                                .delivered()
                                        ? 4
                                        : 2))
                        .collect(Collectors.toList()));
    }
}
