package com.nrsconnector.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.messaging.SmsSendDetails;
import com.nrsconnector.nrs.PreparedSend;
import com.nrsconnector.nrs.SendGroup;
import com.nrsconnector.support.TestConnectorConfig;

/**
 * The dispatcher's gate, without a running connector: per account its rate (counted in sends, one rate period here
 * lasting an hour so that no period ends during a test), its places in flight and its circuit breaker; one account
 * held back never holds back another; held sends go back to the queue due when they may go.
 */
class SendGateTest {

    private static final Duration PERIOD = Duration.ofHours(1);

    @TempDir
    Path dir;

    /** The sends given back to the queue, with when each is due again. */
    private final Map<Long, Instant> released = new LinkedHashMap<>();

    private final SendQueue queue = new SendQueue() {
        @Override
        public void release(Map<Long, Instant> dueAt) {
            released.putAll(dueAt);
        }
    };
    private long nextId = 1;

    @Test
    void anAccountGetsAtMostItsRatePerPeriodAndTheRestIsGivenSlotsAfterIt() throws Exception {
        SendGate gate = gate(Map.of(), "slow=5\n");
        Instant before = Instant.now();
        List<SendGroup> admitted = gate.admit(sends("slow", 20));
        assertEquals(5, admitted.size(), "the account's rate per period");
        assertEquals(15, released.size());
        // The next period is an hour away: the held sends are looked at again within the gate's horizon.
        for (Instant due : released.values()) {
            assertTrue(due.isAfter(before) && !due.isAfter(Instant.now().plus(SendGate.HORIZON)), due.toString());
        }
        // Later in the same period: nothing more for that account, however the sends come.
        released.clear();
        assertEquals(0, gate.admit(sends("slow", 3)).size());
        assertEquals(3, released.size());
        assertFalse(gate.tryAcquire("slow", 1));
    }

    @Test
    void sendsHeldForTheRateGetOneSlotEachAfterThePeriodInOrder() throws Exception {
        // Periods of 2 s at 4 sends: 4 now, then one slot every half second from the next period on.
        SendGate gate = gate(Map.of(), "paced=4\n", Duration.ofSeconds(2));
        Instant before = Instant.now();
        assertEquals(4, gate.admit(sends("paced", 12)).size());
        List<Instant> slots = new ArrayList<>(released.values());
        assertEquals(8, slots.size());
        assertTrue(slots.get(0).isAfter(before.plusMillis(500)), "not before the next period: " + slots.get(0));
        for (int i = 1; i < slots.size(); i++) {
            assertEquals(500, Duration.between(slots.get(i - 1), slots.get(i)).toMillis(), "slot " + i);
        }
    }

    @Test
    void oneAccountsRateNeverHoldsBackAnother() throws Exception {
        SendGate gate = gate(Map.of(), "slow=2\n");
        List<SendGroup> batch = new ArrayList<>(sends("slow", 10));
        batch.addAll(sends("fast", 10));
        List<SendGroup> admitted = gate.admit(batch);
        assertEquals(
                2, admitted.stream().filter(s -> s.nrsUsername().equals("slow")).count());
        assertEquals(
                10,
                admitted.stream().filter(s -> s.nrsUsername().equals("fast")).count());
        assertEquals(8, released.size());
    }

    @Test
    void theRateCountsPermitsSoThatOneRequestMayCarrySeveralRecipients() throws Exception {
        SendGate gate = gate(Map.of(), "grouped=10\n");
        assertTrue(gate.tryAcquire("grouped", 4));
        assertTrue(gate.tryAcquire("grouped", 4));
        assertFalse(gate.tryAcquire("grouped", 4), "only 2 of the period's 10 are left");
        assertTrue(gate.tryAcquire("grouped", 2));
        assertFalse(gate.tryAcquire("grouped", 1));
    }

    @Test
    void anAccountHoldsAtMostItsPlacesInFlightAndAFinishedSendFreesOne() throws Exception {
        SendGate gate = gate(Map.of("connector.nrs.max-in-flight-per-account", "3"), "");
        List<SendGroup> first = gate.admit(sends("busy", 5));
        assertEquals(3, first.size());
        assertEquals(2, released.size());
        assertEquals(3, gate.holding("busy"));
        // Another account is not affected.
        assertEquals(3, gate.admit(sends("other", 3)).size());

        released.clear();
        gate.done(first.get(0).messageId());
        assertEquals(2, gate.holding("busy"));
        assertEquals(1, gate.admit(sends("busy", 2)).size());
        assertEquals(1, released.size());
        // Held back for its places, due again a poll interval later (not for a rate slot far away).
        Instant due = released.values().iterator().next();
        assertTrue(due.isBefore(Instant.now().plusSeconds(5)), due.toString());
    }

    @Test
    void anOpenBreakerKeepsOnlyItsAccountsSendsInTheQueueUntilItHalfOpens() throws Exception {
        NrsCircuitBreaker breakers =
                new NrsCircuitBreaker(config(Map.of("connector.nrs.breaker.wait-in-open-state", "PT30S"))
                        .nrs()
                        .breaker());
        SendGate gate = gate(breakers, Map.of(), "");
        breakers.forAccount("down").transitionToOpenState();
        Instant before = Instant.now();
        List<SendGroup> batch = new ArrayList<>(sends("down", 3));
        batch.addAll(sends("up", 3));
        List<SendGroup> admitted = gate.admit(batch);
        assertTrue(admitted.stream().allMatch(s -> s.nrsUsername().equals("up")));
        assertEquals(3, admitted.size());
        assertEquals(3, released.size());
        for (Instant due : released.values()) {
            assertTrue(due.isAfter(before.plusSeconds(25)), "due when the breaker half-opens: " + due);
        }
        assertEquals("OPEN", breakers.states().get("down"));
        assertEquals("CLOSED", breakers.states().get("up"));
    }

    @Test
    void aRoundHandsOverAsManyAsTheSendersHaveRoomFor() throws Exception {
        // The defaults: a round claims far more than the 20 per poll of old.
        SendGate defaults = gate(Map.of("connector.nrs.send-rate-per-second", "1000"), "");
        int room = defaults.room();
        assertTrue(room > 20, "room " + room);
        List<SendGroup> batch = new ArrayList<>();
        for (String account : List.of("a", "b", "c")) {
            batch.addAll(sends(account, 50));
        }
        assertEquals(150, defaults.admit(batch).size());

        // With 2 senders: room for 4 requests (2 under way, 2 waiting), then none until one is done.
        SendGate small =
                gate(Map.of("connector.nrs.max-in-flight", "2", "connector.dispatcher.poll-interval", "PT0.01S"), "");
        assertEquals(500, small.room(), "a full batch until requests were seen");
        List<SendGroup> handed = small.admit(sends("a", 2));
        handed.addAll(small.admit(sends("b", 2)));
        assertEquals(0, small.room());
        small.done(handed.get(0).messageId());
        assertEquals(1, small.room(), "one place, for requests of one recipient");
    }

    @Test
    void aRoundGoesOnWhileItsClaimsComeBackFull() throws Exception {
        SendGate gate = gate(Map.of(), "");
        Exchange round = new DefaultExchange(new DefaultCamelContext());
        assertTrue(gate.more(round), "the first claim");
        round.setProperty(SendGate.ROOM, 50);
        round.setProperty(SendGate.CLAIMED, 50);
        assertTrue(gate.more(round), "a full claim: there may be more due");
        round.setProperty(SendGate.CLAIMED, 12);
        assertFalse(gate.more(round), "no more due");
        round.setProperty(SendGate.ROOM, 0);
        round.setProperty(SendGate.CLAIMED, 0);
        assertFalse(gate.more(round), "no room");
    }

    @Test
    void aRoundThatYieldedToWorkflowCallsClaimsOnce() throws Exception {
        SendGate gate = gate(Map.of(), "");
        Exchange round = new DefaultExchange(new DefaultCamelContext());
        round.setProperty(CallPriority.ONE_CLAIM, true);
        assertTrue(gate.more(round), "its one claim");
        round.setProperty(SendGate.ROOM, 50);
        round.setProperty(SendGate.CLAIMED, 50);
        assertFalse(gate.more(round), "a full claim, but the calls come first");
    }

    @Test
    void aRequestTakesOnePermitPerRecipientAndOnePlaceInFlight() throws Exception {
        SendGate gate = gate(Map.of("connector.nrs.max-in-flight-per-account", "2"), "grouped=100\n");
        SendGroup sixty = new SendGroup(recipients("grouped", 60));
        SendGroup thirty = new SendGroup(recipients("grouped", 30));
        SendGroup twenty = new SendGroup(recipients("grouped", 20));
        List<SendGroup> admitted = gate.admit(List.of(sixty, thirty, twenty));
        assertEquals(
                List.of(sixty, thirty), admitted, "90 of the period's 100 permits taken, then the places are full");
        assertEquals(2, gate.holding("grouped"), "places count requests, not recipients");
        assertEquals(20, released.size(), "every send of the request held back goes back to the queue");
        assertTrue(released.keySet().containsAll(twenty.messageIds()));

        released.clear();
        gate.done(sixty.messageId());
        assertEquals(1, gate.holding("grouped"));
        SendGroup eleven = new SendGroup(recipients("grouped", 11));
        List<SendGroup> going = gate.admit(List.of(eleven));
        assertEquals(1, going.size());
        assertEquals(
                eleven.messageIds().subList(0, 10),
                going.get(0).messageIds(),
                "as many recipients as there are permits left: 10 of 11");
        assertEquals(List.of(eleven.messageIds().get(10)), List.copyOf(released.keySet()), "the last one waits");
        assertFalse(gate.tryAcquire("grouped", 1));
    }

    @Test
    void aRequestLargerThanTheRateGoesWithAsManyRecipientsAsTheRateAllows() throws Exception {
        SendGate gate = gate(Map.of(), "small=100\n");
        SendGroup large = new SendGroup(recipients("small", 150));
        List<SendGroup> going = gate.admit(List.of(large));
        assertEquals(100, going.get(0).size());
        assertEquals(50, released.size());
        assertEquals(
                0, gate.admit(List.of(new SendGroup(recipients("small", 1)))).size(), "the period's rate is used up");
    }

    @Test
    void aRoundClaimsForRequestsAsLargeAsTheLatestLargestOne() throws Exception {
        SendGate gate = gate(Map.of("connector.nrs.max-in-flight", "2", "connector.dispatcher.batch-size", "500"), "");
        assertEquals(500, gate.room(), "a full batch until requests were seen");
        gate.admit(List.of(
                new SendGroup(recipients("a", 50)),
                SendGroup.of(recipients("b", 1).get(0))));
        assertEquals(100, gate.room(), "2 places left, requests of up to 50 recipients");
        gate.admit(List.of(SendGroup.of(recipients("c", 1).get(0))));
        assertEquals(1, gate.room(), "1 place left, requests of one recipient each");
    }

    private SendGate gate(Map<String, String> overrides, String ratesFile) throws Exception {
        return gate(new NrsCircuitBreaker(config(overrides).nrs().breaker()), overrides, ratesFile);
    }

    private SendGate gate(Map<String, String> overrides, String ratesFile, Duration period) throws Exception {
        return gate(new NrsCircuitBreaker(config(overrides).nrs().breaker()), overrides, ratesFile, period);
    }

    private SendGate gate(NrsCircuitBreaker breakers, Map<String, String> overrides, String ratesFile)
            throws Exception {
        return gate(breakers, overrides, ratesFile, PERIOD);
    }

    private SendGate gate(NrsCircuitBreaker breakers, Map<String, String> overrides, String ratesFile, Duration period)
            throws Exception {
        ConnectorConfig config = config(overrides);
        Path file = dir.resolve("send-rates-" + nextId + ".properties");
        Files.writeString(file, ratesFile);
        SendRates rates = new SendRates(config.nrs().sendRatePerSecond(), file);
        return new SendGate(queue, rates, breakers, config, period);
    }

    private static ConnectorConfig config(Map<String, String> overrides) {
        return TestConnectorConfig.production(new HashMap<>(overrides));
    }

    /** Requests of one recipient each. */
    private List<SendGroup> sends(String account, int count) {
        return recipients(account, count).stream().map(SendGroup::of).collect(Collectors.toCollection(ArrayList::new));
    }

    private List<PreparedSend> recipients(String account, int count) {
        List<PreparedSend> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long id = nextId++;
            sends.add(new PreparedSend(
                    id,
                    62515,
                    account,
                    "secret",
                    "ACME",
                    new SmsSendDetails("3461200" + String.format("%04d", id), "text " + id, "gsm", 1, "campaign"),
                    1,
                    "https://connector.example.com/callbacks/360nrs/sms?ref=" + id));
        }
        return sends;
    }
}
