package com.nrsconnector.flow;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.send.SendRequestGrouper;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * With a claimed batch large enough, a hundred and twenty sends of one text are one 360nrs request, and more than
 * 500 are several requests of at most 500; every message is sent once and delivered, each with its own events.
 */
@QuarkusTest
@TestProfile(LargeSmsRequestTest.LargeBatches.class)
class LargeSmsRequestTest {

    private static final Duration LONG_WAIT = Duration.ofMinutes(3);

    public static class LargeBatches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The account's rate counts sends: it must let a request of 500 recipients go at once.
            return Map.of("connector.dispatcher.batch-size", "600", "connector.nrs.send-rate-per-second", "1000");
        }
    }

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    CamelContext camel;

    @Inject
    Db db;

    private List<List<String>> requestNumbers(String marker) throws Exception {
        List<List<String>> requests = new ArrayList<>();
        for (Map<String, Object> request : Sandbox.nrsSmsRequestsMentioning(marker)) {
            JsonNode body = json.readTree((String) request.get("body"));
            List<String> numbers = new ArrayList<>();
            body.path("to").forEach(n -> numbers.add(n.asText()));
            requests.add(numbers);
        }
        return requests;
    }

    private long count(String sql, Object... args) {
        return db.queryOne(sql, r -> r.getLong(1), args).orElse(0L);
    }

    @Test
    void a120ContactsEnrolledWithOneTextAreOneRequestAndEachIsSentAndDeliveredOnItsOwn() throws Exception {
        String marker = Sandbox.marker();
        List<String> contacts = new ArrayList<>();
        camel.getRouteController().stopRoute("send-dispatcher");
        try {
            for (int i = 0; i < 120; i++) {
                String contact = Sandbox.createContact(Map.of("mobilephone", "+34614" + String.format("%06d", i)));
                contacts.add(contact);
                Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Campaña " + marker), marker + "-" + i);
            }
        } finally {
            camel.getRouteController().startRoute("send-dispatcher");
        }
        await().atMost(LONG_WAIT)
                .until(() -> count(
                                "SELECT COUNT(*) FROM message WHERE callback_id LIKE ? " + "AND status = 'DELIVERED'",
                                marker + "-%")
                        == 120);

        // 120 messages, one request.
        List<List<String>> requests = requestNumbers(marker);
        assertEquals(1, requests.size(), "requests for 120 messages");
        assertEquals(120, new HashSet<>(requests.get(0)).size());
        // Each message has its own SENT and DELIVERED events, with its own 360nrs id.
        Set<String> providerIds = new HashSet<>(db.query(
                "SELECT provider_message_id FROM message WHERE callback_id LIKE ?",
                r -> r.getString(1),
                marker + "-%"));
        assertEquals(120, providerIds.size());
        assertEquals(
                240,
                count(
                        "SELECT COUNT(*) FROM message_event e JOIN message m ON m.id = e.message_id "
                                + "WHERE m.callback_id LIKE ? AND e.event_type IN ('SMS_SENT', 'SMS_DELIVERED')",
                        marker + "-%"));
        for (String contact : List.of(contacts.get(0), contacts.get(59), contacts.get(119))) {
            assertThat(
                    Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                    contains("SMS_SENT", "SMS_DELIVERED"));
        }
    }

    @Test
    void moreThan500RecipientsOfOneTextAreSeveralRequestsOfAtMost500() throws Exception {
        String marker = Sandbox.marker();
        int recipients = SendRequestGrouper.MAX_RECIPIENTS + 20;
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < recipients; i++) {
            contacts.add(Sandbox.createContact(Map.of("mobilephone", "+34615" + String.format("%06d", i))));
        }
        String deal = Sandbox.createDeal(
                Long.toString(800_000_000L + Math.floorMod(System.nanoTime(), 99_999_999L)), contacts);
        JsonPath answer = Sandbox.enrollDeal(deal, Map.of("sender", "ACME", "message", "Oferta " + marker));
        assertEquals(200, answer.getInt("status"), answer.prettify());
        String callbackId = answer.getString("callbackId");

        await().atMost(LONG_WAIT)
                .until(() -> count(
                                "SELECT COUNT(*) FROM message WHERE callback_id = ? " + "AND status = 'DELIVERED'",
                                callbackId)
                        == recipients);

        List<List<String>> requests = requestNumbers(marker);
        assertTrue(requests.size() >= 2, "requests: " + requests.size());
        Set<String> all = new HashSet<>();
        int carried = 0;
        for (List<String> numbers : requests) {
            assertTrue(numbers.size() <= SendRequestGrouper.MAX_RECIPIENTS, "a request of " + numbers.size());
            carried += numbers.size();
            all.addAll(numbers);
        }
        assertEquals(recipients, carried, "each number requested once");
        assertEquals(recipients, all.size());
        assertEquals(
                SendRequestGrouper.MAX_RECIPIENTS,
                requests.stream().mapToInt(List::size).max().orElse(0),
                "the deal's sends are claimed together: the first request is full");
        assertEquals(
                recipients * 2L,
                count(
                        "SELECT COUNT(*) FROM message_event e JOIN message m ON m.id = e.message_id "
                                + "WHERE m.callback_id = ? AND e.event_type IN ('SMS_SENT', 'SMS_DELIVERED')",
                        callbackId));
    }
}
