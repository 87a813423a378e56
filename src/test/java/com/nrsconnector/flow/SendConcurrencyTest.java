package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nrsconnector.sandbox.HubSpotSandbox;
import com.nrsconnector.sandbox.NrsSandbox;
import com.nrsconnector.send.NrsCircuitBreaker;
import com.nrsconnector.store.Db;
import com.nrsconnector.store.PortalStore;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Sends run side by side and per 360nrs account: a hanging request holds only itself, an account kept to a low rate
 * holds back no other account, and one account's outage opens only that account's circuit breaker, its sends waiting in
 * the queue without using attempts. Two accounts: the demo portal's ({@link NrsSandbox#USERNAME}) and a portal of its
 * own on {@link NrsSandbox#SECOND_USERNAME}. Every check is by order or state, none by duration.
 */
@QuarkusTest
@TestProfile(SendConcurrencyTest.FewSendersLongRequests.class)
class SendConcurrencyTest {

    /** Few senders, fewer per account, requests that may last (a hang is held by the stand-in), a quick breaker. */
    public static class FewSendersLongRequests implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "camel.component.http.so-timeout", "30000",
                    "camel.component.http.response-timeout", "30000",
                    "connector.nrs.max-in-flight", "6",
                    "connector.nrs.max-in-flight-per-account", "3",
                    "connector.nrs.breaker.minimum-number-of-calls", "4",
                    "connector.nrs.breaker.sliding-window-size", "4",
                    "connector.nrs.breaker.wait-in-open-state", "PT5S",
                    "connector.dispatcher.max-attempts", "10");
        }
    }

    private static final long SECOND_PORTAL = 62531;
    private static final Path RATES = Path.of("target/test-config/send-rates.properties");

    @Inject
    PortalStore portals;

    @Inject
    NrsCircuitBreaker breakers;

    @Inject
    Db db;

    @BeforeEach
    void secondPortal() {
        portals.createIfAbsent(
                SECOND_PORTAL,
                HubSpotSandbox.DEMO_REFRESH_TOKEN,
                NrsSandbox.SECOND_USERNAME,
                NrsSandbox.SECOND_API_PASSWORD,
                "Europe/Madrid");
    }

    @AfterEach
    void clear() throws Exception {
        given().delete("/sandbox/360nrs/faults").then().statusCode(200);
        Files.deleteIfExists(RATES);
    }

    @Test
    void aHangingRequestHoldsOnlyItselfOnItsAccountAndOnOthers() {
        String hangingMarker = Sandbox.marker();
        given().contentType(ContentType.JSON)
                .body(Map.of("hang", true, "hangFor", "PT60S", "to", "34612000901", "account", NrsSandbox.USERNAME))
                .post("/sandbox/360nrs/faults")
                .then()
                .statusCode(200);
        String hanging = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 901"));
        enroll(62515, hanging, "Cuelga " + hangingMarker, "hang-" + hangingMarker);
        await().atMost(Sandbox.WAIT).until(() -> holding() == 1);

        List<String> others = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String marker = Sandbox.marker();
            enroll(
                    62515,
                    Sandbox.createContact(Map.of("mobilephone", "+34 612 000 91" + i)),
                    "Mismo " + marker,
                    "same-" + marker);
            others.add("same-" + marker);
        }
        for (int i = 0; i < 4; i++) {
            String marker = Sandbox.marker();
            enroll(
                    SECOND_PORTAL,
                    Sandbox.createContact(Map.of("mobilephone", "+34 612 000 92" + i)),
                    "Otra " + marker,
                    "other-" + marker);
            others.add("other-" + marker);
        }

        // Every other send is accepted by 360nrs while the hanging request is still held there.
        await().atMost(Sandbox.WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> others.stream().allMatch(callback -> !"PENDING".equals(status(callback))));
        assertEquals(1, holding(), "the hanging request has not been answered yet");
        for (String callback : others) {
            assertThat(callback, status(callback), not(equalTo("NOT_SENT")));
        }
        assertEquals("PENDING", status("hang-" + hangingMarker));

        // Let it answer (a 504): the outcome is unknown, and it is never asked again.
        given().delete("/sandbox/360nrs/faults").then().statusCode(200);
        await().atMost(Sandbox.WAIT).until(() -> "NOT_SENT".equals(status("hang-" + hangingMarker)));
        assertThat(Sandbox.nrsSmsRequestsMentioning(hangingMarker), hasSize(1));
    }

    @Test
    void anAccountKeptToALowRateHoldsBackNoOtherAccount() throws Exception {
        Files.createDirectories(RATES.getParent());
        Files.writeString(RATES, NrsSandbox.SECOND_USERNAME + "=1\n", StandardCharsets.UTF_8);
        List<String> slow = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String marker = Sandbox.marker();
            enroll(
                    SECOND_PORTAL,
                    Sandbox.createContact(Map.of("mobilephone", "+34 612 000 93" + i)),
                    "Lento " + marker,
                    "slow-" + marker);
            slow.add(marker);
        }
        List<String> fast = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String marker = Sandbox.marker();
            enroll(
                    62515,
                    Sandbox.createContact(Map.of("mobilephone", "+34 612 000 94" + i)),
                    "Rapido " + marker,
                    "fast-" + marker);
            fast.add(marker);
        }
        List<String> all = new ArrayList<>(slow);
        all.addAll(fast);
        await().atMost(Sandbox.WAIT.multipliedBy(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> all.stream().allMatch(marker -> acceptedIndex(acceptedTexts(), marker) >= 0));

        // In the order 360nrs accepted them: every send of the other account before the slow account's last one.
        List<String> accepted = acceptedTexts();
        int lastSlow = slow.stream()
                .mapToInt(marker -> acceptedIndex(accepted, marker))
                .max()
                .orElseThrow();
        for (String marker : fast) {
            assertThat(marker, acceptedIndex(accepted, marker), lessThan(lastSlow));
        }
        for (String marker : all) {
            assertEquals(
                    1, accepted.stream().filter(text -> text.contains(marker)).count(), marker);
        }
    }

    @Test
    void oneAccountsOutageOpensOnlyItsBreakerAndItsSendsWaitWithoutUsingAttempts() {
        given().contentType(ContentType.JSON)
                .body(Map.of("status", 503, "account", NrsSandbox.SECOND_USERNAME))
                .post("/sandbox/360nrs/faults")
                .then()
                .statusCode(200);
        List<String> down = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String marker = Sandbox.marker();
            enroll(
                    SECOND_PORTAL,
                    Sandbox.createContact(Map.of("mobilephone", "+34 612 000 95" + i)),
                    "Caida " + marker,
                    "down-" + marker);
            down.add(marker);
        }
        await().atMost(Sandbox.WAIT).until(() -> !"CLOSED".equals(state(NrsSandbox.SECOND_USERNAME)));

        List<String> up = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String marker = Sandbox.marker();
            enroll(
                    62515,
                    Sandbox.createContact(Map.of("mobilephone", "+34 612 000 96" + i)),
                    "Arriba " + marker,
                    "up-" + marker);
            up.add(marker);
        }
        // The other account's sends go while this one's breaker is open.
        await().atMost(Sandbox.WAIT)
                .until(() -> up.stream().allMatch(marker -> "DELIVERED".equals(status("up-" + marker))));
        assertEquals("CLOSED", state(NrsSandbox.USERNAME));
        assertTrue(!"CLOSED".equals(state(NrsSandbox.SECOND_USERNAME)), "still failing: not closed");
        for (String marker : down) {
            String callback = "down-" + marker;
            assertEquals("PENDING", status(callback), callback);
            // An attempt counts only for a request made (one more while a claim is under way at the moment of asking).
            int requests = Sandbox.nrsSmsRequestsMentioning(marker).size();
            assertThat(callback, attempts(callback), lessThan(requests + 2));
            assertEquals(0L, deadLetters(callback), callback);
        }

        // 360nrs is back: after the breaker half-opens, each waiting send goes, and is delivered, once.
        given().delete("/sandbox/360nrs/faults").then().statusCode(200);
        await().atMost(Sandbox.WAIT.multipliedBy(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> down.stream().allMatch(marker -> "DELIVERED".equals(status("down-" + marker))));
        List<String> accepted = acceptedTexts();
        for (String marker : down) {
            assertEquals(
                    1, accepted.stream().filter(text -> text.contains(marker)).count(), marker);
            assertEquals(0L, deadLetters("down-" + marker), marker);
        }
        assertEquals("CLOSED", state(NrsSandbox.SECOND_USERNAME));
    }

    private static void enroll(long portalId, String contactId, String message, String callbackId) {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "actionType",
                        "SEND_SMS",
                        "portalId",
                        portalId,
                        "contactId",
                        contactId,
                        "inputFields",
                        Map.of("sender", "ACME", "message", message),
                        "callbackId",
                        callbackId))
                .post("/sandbox/hubspot/workflows/enroll")
                .then()
                .statusCode(200);
    }

    /** Requests the stand-in's hang holds right now. */
    private static int holding() {
        return given().get("/sandbox/360nrs/faults")
                .then()
                .statusCode(200)
                .extract()
                .path("holding");
    }

    /** The texts of the messages 360nrs accepted, in the order it accepted them. */
    private static List<String> acceptedTexts() {
        List<Map<String, Object>> messages = given().get("/sandbox/360nrs/messages")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        return messages.stream().map(m -> String.valueOf(m.get("message"))).toList();
    }

    private static int acceptedIndex(List<String> accepted, String marker) {
        for (int i = 0; i < accepted.size(); i++) {
            if (accepted.get(i).contains(marker)) {
                return i;
            }
        }
        return -1;
    }

    private String state(String account) {
        return breakers.forAccount(account).getState().name();
    }

    private String status(String callbackId) {
        return QueuedSends.status(db, callbackId);
    }

    private int attempts(String callbackId) {
        return QueuedSends.attempts(db, callbackId);
    }

    private long deadLetters(String callbackId) {
        return QueuedSends.deadLetters(db, callbackId);
    }
}
