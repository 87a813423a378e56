package com.nrsconnector.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BatchBisectionTest {

    /** A batch endpoint that refuses, as a whole, every batch holding one of the bad items, and records the requests. */
    private static final class RefusingEndpoint implements Function<List<Integer>, List<Integer>> {
        final Set<Integer> bad;
        final List<List<Integer>> requests = new ArrayList<>();

        RefusingEndpoint(Set<Integer> bad) {
            this.bad = bad;
        }

        @Override
        public List<Integer> apply(List<Integer> part) {
            requests.add(List.copyOf(part));
            if (part.stream().anyMatch(bad::contains)) {
                throw new HubSpotApiException("answered 400: item refused", 400, false, null, "{}");
            }
            return List.copyOf(part);
        }
    }

    private static boolean refusal(RuntimeException e) {
        return e instanceof HubSpotApiException answer && answer.status() == 400;
    }

    private static List<Integer> items(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static List<Integer> sentItems(BatchBisection.Outcome<Integer, List<Integer>> outcome) {
        return outcome.sent().stream()
                .flatMap(sent -> sent.answer().stream())
                .sorted()
                .toList();
    }

    @Test
    void aBatchThatIsAcceptedTakesOneRequest() {
        RefusingEndpoint endpoint = new RefusingEndpoint(Set.of());

        BatchBisection.Outcome<Integer, List<Integer>> outcome =
                BatchBisection.send(items(50), endpoint, BatchBisectionTest::refusal);

        assertEquals(1, outcome.requests());
        assertEquals(items(50), sentItems(outcome));
        assertEquals(List.of(), outcome.refused());
        assertEquals(List.of(), outcome.failed());
    }

    @Test
    void oneBadItemOfFiftyStandsAloneAndTheOtherFortyNineAreSentOnce() {
        RefusingEndpoint endpoint = new RefusingEndpoint(Set.of(37));

        BatchBisection.Outcome<Integer, List<Integer>> outcome =
                BatchBisection.send(items(50), endpoint, BatchBisectionTest::refusal);

        assertEquals(1, outcome.refused().size());
        assertEquals(37, outcome.refused().get(0).item());
        assertEquals(items(50).stream().filter(i -> i != 37).toList(), sentItems(outcome));
        assertEquals(List.of(), outcome.failed());
        // The whole batch, then two halves per level down to the lone item: 37 stands alone after 5 of the at most
        // ceil(log2 50) = 6 levels (50, 25, 13, 6, 3, 1).
        assertEquals(1 + 2 * 5, outcome.requests());
        assertEquals(outcome.requests(), endpoint.requests.size());
    }

    @Test
    void theExtraRequestsStayWithinTwiceTheLogarithmOfTheBatchSizeForOneBadItem() {
        for (int n = 1; n <= 100; n++) {
            for (int bad = 0; bad < n; bad++) {
                BatchBisection.Outcome<Integer, List<Integer>> outcome =
                        BatchBisection.send(items(n), new RefusingEndpoint(Set.of(bad)), BatchBisectionTest::refusal);
                int levels = 32 - Integer.numberOfLeadingZeros(n - 1);
                assertTrue(outcome.requests() - 1 <= 2 * levels, n + " items, bad " + bad + ": " + outcome.requests());
                assertEquals(n - 1, sentItems(outcome).size());
            }
        }
    }

    @Test
    void severalBadItemsAreEachRefusedAloneAndNoGoodOneIsLost() {
        RefusingEndpoint endpoint = new RefusingEndpoint(Set.of(0, 13, 14, 49));

        BatchBisection.Outcome<Integer, List<Integer>> outcome =
                BatchBisection.send(items(50), endpoint, BatchBisectionTest::refusal);

        assertEquals(
                List.of(0, 13, 14, 49),
                outcome.refused().stream().map(BatchBisection.Refused::item).toList());
        assertEquals(
                items(50).stream()
                        .filter(i -> !Set.of(0, 13, 14, 49).contains(i))
                        .toList(),
                sentItems(outcome));
    }

    @Test
    void aLoneItemThatIsRefusedTakesOneRequestAndKeepsItsRefusal() {
        RefusingEndpoint endpoint = new RefusingEndpoint(Set.of(0));

        BatchBisection.Outcome<Integer, List<Integer>> outcome =
                BatchBisection.send(items(1), endpoint, BatchBisectionTest::refusal);

        assertEquals(1, outcome.requests());
        assertEquals(400, ((HubSpotApiException) outcome.refused().get(0).refusal()).status());
    }

    @Test
    void aTransientFailureIsNotSplitButHandedBackWithTheWholePart() {
        HubSpotApiException throttled = new HubSpotApiException("answered 429", 429, true, null, "{}");
        List<List<Integer>> requests = new ArrayList<>();

        BatchBisection.Outcome<Integer, List<Integer>> outcome = BatchBisection.send(
                items(50),
                part -> {
                    requests.add(part);
                    throw throttled;
                },
                BatchBisectionTest::refusal);

        assertEquals(1, outcome.requests());
        assertEquals(1, outcome.failed().size());
        assertEquals(items(50), outcome.failed().get(0).items());
        assertSame(throttled, outcome.failed().get(0).failure());
        assertEquals(List.of(), outcome.sent());
    }

    @Test
    void aTransientFailureOfOneHalfKeepsThatHalfForARetryAndTheOtherHalfIsSent() {
        BatchBisection.Outcome<Integer, List<Integer>> outcome = BatchBisection.send(
                items(10),
                part -> {
                    if (part.size() == 10) {
                        throw new HubSpotApiException("answered 400", 400, false, null, "{}");
                    }
                    if (part.contains(7)) {
                        throw new HubSpotApiException("answered 503", 503, true, null, "{}");
                    }
                    return part;
                },
                BatchBisectionTest::refusal);

        assertEquals(List.of(0, 1, 2, 3, 4), sentItems(outcome));
        assertEquals(List.of(5, 6, 7, 8, 9), outcome.failed().get(0).items());
        assertEquals(3, outcome.requests());
    }

    @Test
    void anEmptyBatchIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> BatchBisection.send(List.<Integer>of(), List::copyOf, BatchBisectionTest::refusal));
    }
}
