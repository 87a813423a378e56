package com.nrsconnector.hubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Sends a batch that HubSpot may refuse as a whole (the timeline batch answers 400 or 409 when one of its events is
 * invalid or exists already, and then accepts none of them) without losing the good items: a refused batch is split in
 * halves that are sent again, recursively, until the refused item stands alone. With one bad item among n this costs
 * about 2*log2(n) extra requests. A failure that is not a whole-batch refusal (rate limit, HubSpot's own failure, no
 * answer) is not split: the part it hit is handed back as failed, for the outbox's usual retry.
 */
public final class BatchBisection {

    private BatchBisection() {}

    /** A part of the batch that was sent and answered. */
    public record Sent<T, R>(List<T> items, R answer) {}

    /** A lone item HubSpot refused, with that refusal. */
    public record Refused<T>(T item, RuntimeException refusal) {}

    /** A part of the batch whose request failed otherwise, with that failure. */
    public record Failed<T>(List<T> items, RuntimeException failure) {}

    /** What became of every item of the batch, each in exactly one list, and how many requests that took. */
    public record Outcome<T, R>(
            List<Sent<T, R>> sent, List<Refused<T>> refused, List<Failed<T>> failed, int requests) {}

    /**
     * @param items the batch, in order; not empty
     * @param send sends a part of the batch and answers HubSpot's answer, or throws
     * @param wholeBatchRefusal whether a failure of {@code send} refuses the whole part it was given (worth splitting)
     */
    public static <T, R> Outcome<T, R> send(
            List<T> items, Function<List<T>, R> send, Predicate<RuntimeException> wholeBatchRefusal) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a batch to send needs at least one item");
        }
        List<Sent<T, R>> sent = new ArrayList<>();
        List<Refused<T>> refused = new ArrayList<>();
        List<Failed<T>> failed = new ArrayList<>();
        int requests = sendPart(List.copyOf(items), send, wholeBatchRefusal, sent, refused, failed);
        return new Outcome<>(List.copyOf(sent), List.copyOf(refused), List.copyOf(failed), requests);
    }

    private static <T, R> int sendPart(
            List<T> part,
            Function<List<T>, R> send,
            Predicate<RuntimeException> wholeBatchRefusal,
            List<Sent<T, R>> sent,
            List<Refused<T>> refused,
            List<Failed<T>> failed) {
        try {
            sent.add(new Sent<>(part, send.apply(part)));
            return 1;
        } catch (RuntimeException e) {
            if (!wholeBatchRefusal.test(e)) {
                failed.add(new Failed<>(part, e));
                return 1;
            }
            if (part.size() == 1) {
                refused.add(new Refused<>(part.get(0), e));
                return 1;
            }
            int half = part.size() / 2;
            return 1
                    + sendPart(part.subList(0, half), send, wholeBatchRefusal, sent, refused, failed)
                    + sendPart(part.subList(half, part.size()), send, wholeBatchRefusal, sent, refused, failed);
        }
    }
}
