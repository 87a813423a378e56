package com.nrsconnector.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.messaging.SmsSendDetails;
import com.nrsconnector.nrs.PreparedSend;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;

/** What reaches the dead_letter table: everything an operator needs, no credential. */
@QuarkusTest
class DeadLetterStoreTest {

    private static final String PASSWORD = "nrs-Pa55-" + UUID.randomUUID();
    private static final String BASIC =
            "Basic " + Base64.getEncoder().encodeToString(("acme:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String BEARER = "Bearer access-" + UUID.randomUUID();

    @Inject
    DeadLetterStore store;

    @Inject
    CamelContext camel;

    @Inject
    Db db;

    @Inject
    ObjectMapper json;

    private record Row(String payload, String headers, String error) {}

    private Row row(String routeId) {
        List<Row> rows = db.query(
                "SELECT payload, headers, error FROM dead_letter WHERE route_id = ?",
                r -> new Row(r.getString(1), r.getString(2), r.getString(3)),
                routeId);
        assertEquals(1, rows.size());
        return rows.get(0);
    }

    private static void assertNoSecret(Row row) {
        for (String column : new String[] {row.payload(), row.headers(), row.error()}) {
            assertFalse(column.contains(PASSWORD), column);
            assertFalse(column.contains(BASIC.substring(6)), column);
            assertFalse(column.contains(BEARER.substring(7)), column);
        }
    }

    @Test
    void aFailedExchangeIsStoredWithoutItsCredentials() throws Exception {
        String routeId = "dead-letter-test-" + UUID.randomUUID();
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage()
                .setBody(new PreparedSend(
                        41,
                        62515,
                        "acme",
                        PASSWORD,
                        "ACME",
                        new SmsSendDetails("34612345678", "Hola", "GSM7", 1, "HUBSPOT_SMS_2026_01"),
                        5,
                        "https://x/cb?ref=41"));
        exchange.getMessage().setHeader("Authorization", BASIC);
        exchange.getMessage().setHeader("X-Upstream-Request", "GET /contacts with " + BEARER);
        exchange.getMessage().setHeader("messageId", 41L);
        exchange.setProperty(Exchange.FAILURE_ROUTE_ID, routeId);
        exchange.setProperty(
                Exchange.EXCEPTION_CAUGHT,
                new IllegalStateException("360nrs refused the request with Authorization: " + BASIC));

        store.store(exchange);

        Row row = row(routeId);
        assertNoSecret(row);
        assertTrue(
                row.payload().contains("messageId=41") && row.payload().contains("nrsApiPassword=***"), row.payload());
        JsonNode headers = json.readTree(row.headers());
        assertEquals("Basic ***", headers.path("Authorization").asText());
        assertEquals(
                "GET /contacts with Bearer ***",
                headers.path("X-Upstream-Request").asText());
        assertEquals(41, headers.path("messageId").asLong());
        assertEquals(
                "java.lang.IllegalStateException: 360nrs refused the request with Authorization: Basic ***",
                row.error());
    }

    @Test
    void aRecordedPayloadHasItsCredentialsMasked() {
        String routeId = "dead-letter-test-" + UUID.randomUUID();
        String payload = "{\"username\":\"acme\",\"password\":\"" + PASSWORD + "\",\"message\":\"Hola\"}";

        store.record(
                routeId,
                "360nrs POST /sms",
                payload,
                Map.of("Proxy-Authorization", BEARER, "portalId", 62515L),
                "timeout calling 360nrs as " + BASIC,
                6,
                null);

        Row row = row(routeId);
        assertNoSecret(row);
        assertEquals("{\"username\":\"acme\",\"password\":\"***\",\"message\":\"Hola\"}", row.payload());
        assertEquals("timeout calling 360nrs as Basic ***", row.error());
        assertTrue(row.headers().contains("\"Proxy-Authorization\":\"Bearer ***\""), row.headers());
    }
}
