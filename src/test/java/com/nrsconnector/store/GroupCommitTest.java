package com.nrsconnector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit on its own, with a stand-in for the database that records each transaction: which writes went
 * together, which committed, and what each caller was answered. The first write of each test holds the only writer
 * until the test lets it go, so the writes submitted meanwhile are all waiting when the writer comes back for more.
 */
class GroupCommitTest {

    /** Transactions without a database: the work runs, and a failure is a rollback. */
    static final class RecordingDb extends Db {
        final List<List<String>> committed = Collections.synchronizedList(new ArrayList<>());
        final List<List<String>> rolledBack = Collections.synchronizedList(new ArrayList<>());
        final ThreadLocal<List<String>> current = new ThreadLocal<>();

        @Override
        public <T> T inTransaction(Work<T> work) {
            List<String> writes = new ArrayList<>();
            current.set(writes);
            try {
                T result = work.run(null);
                committed.add(writes);
                return result;
            } catch (SQLException e) {
                rolledBack.add(writes);
                throw new StoreException(e);
            } catch (RuntimeException e) {
                rolledBack.add(writes);
                throw e;
            } finally {
                current.remove();
            }
        }
    }

    private final RecordingDb db = new RecordingDb();
    private final CountDownLatch firstEntered = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final AtomicBoolean momentaryRefusal = new AtomicBoolean();
    private GroupCommit<String, String> group;

    /** Upper-cases each write; "bad" violates a constraint; "first" waits for the test to let it go. */
    private List<String> write(List<String> writes) throws SQLException {
        db.current.get().addAll(writes);
        if (writes.contains("first")) {
            firstEntered.countDown();
            try {
                releaseFirst.await();
            } catch (InterruptedException e) {
                throw new SQLException("interrupted");
            }
        }
        if (writes.contains("bad")) {
            throw new SQLException("duplicate key value violates unique constraint");
        }
        if (writes.size() > 1 && momentaryRefusal.getAndSet(false)) {
            throw new SQLException("the database refused the connection for a moment");
        }
        return writes.stream().map(String::toUpperCase).toList();
    }

    private GroupCommit<String, String> start(int maxBatch) {
        group = new GroupCommit<>("test-intake", db, 1, maxBatch, (c, writes) -> write(writes));
        return group;
    }

    @AfterEach
    void close() {
        releaseFirst.countDown();
        if (group != null) {
            group.close(Duration.ofSeconds(10));
        }
    }

    /** Submits "first" and waits until the writer holds it. */
    private CompletableFuture<String> holdTheWriter() throws InterruptedException {
        CompletableFuture<String> first = group.submitAsync("first");
        assertTrue(firstEntered.await(30, TimeUnit.SECONDS), "the writer took the first write");
        return first;
    }

    private List<CompletableFuture<String>> submit(String... writes) {
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (String write : writes) {
            answers.add(group.submitAsync(write));
        }
        return answers;
    }

    private static Throwable failureOf(CompletableFuture<String> answer) throws InterruptedException {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> answer.get(30, TimeUnit.SECONDS));
        return failed.getCause();
    }

    @Test
    void writesWaitingTogetherShareOneTransactionInSubmissionOrderAndEachCallerGetsItsOwnResult() throws Exception {
        start(64);
        CompletableFuture<String> first = holdTheWriter();
        List<CompletableFuture<String>> answers = submit("a", "b", "c", "d", "e");
        releaseFirst.countDown();

        assertEquals("FIRST", first.get(30, TimeUnit.SECONDS));
        String[] expected = {"A", "B", "C", "D", "E"};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], answers.get(i).get(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(List.of("first"), List.of("a", "b", "c", "d", "e")), db.committed);
        assertEquals(2, group.batches());
        assertEquals(0, group.retriedOneByOne());
    }

    @Test
    void aTransactionHoldsAtMostMaxBatchWrites() throws Exception {
        start(2);
        holdTheWriter();
        List<CompletableFuture<String>> answers = submit("a", "b", "c", "d", "e");
        releaseFirst.countDown();
        for (CompletableFuture<String> answer : answers) {
            answer.get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of(List.of("first"), List.of("a", "b"), List.of("c", "d"), List.of("e")), db.committed);
    }

    @Test
    void aMemberViolatingAConstraintGetsItsOwnErrorAndTheOthersAreStoredOneByOne() throws Exception {
        start(64);
        holdTheWriter();
        List<CompletableFuture<String>> answers = submit("a", "bad", "c");
        releaseFirst.countDown();

        assertEquals("A", answers.get(0).get(30, TimeUnit.SECONDS));
        assertEquals("C", answers.get(2).get(30, TimeUnit.SECONDS));
        Throwable refused = failureOf(answers.get(1));
        assertInstanceOf(StoreException.class, refused);
        assertTrue(refused.getMessage().contains("unique constraint"), refused.getMessage());
        // The batch was rolled back whole, then each member written alone: the good ones committed once each.
        assertEquals(List.of(List.of("a", "bad", "c"), List.of("bad")), db.rolledBack);
        assertEquals(List.of(List.of("first"), List.of("a"), List.of("c")), db.committed);
        assertEquals(3, group.retriedOneByOne());
    }

    @Test
    void theDatabaseRefusingABatchForAMomentLosesNoWrite() throws Exception {
        start(64);
        holdTheWriter();
        momentaryRefusal.set(true);
        List<CompletableFuture<String>> answers = submit("a", "b", "c");
        releaseFirst.countDown();

        assertEquals("A", answers.get(0).get(30, TimeUnit.SECONDS));
        assertEquals("B", answers.get(1).get(30, TimeUnit.SECONDS));
        assertEquals("C", answers.get(2).get(30, TimeUnit.SECONDS));
        assertEquals(List.of(List.of("a", "b", "c")), db.rolledBack);
        assertEquals(List.of(List.of("first"), List.of("a"), List.of("b"), List.of("c")), db.committed);
    }

    @Test
    void submitBlocksUntilCommittedAndThrowsTheMembersOwnFailure() {
        start(64);
        assertEquals("X", group.submit("x"));
        StoreException refused = assertThrows(StoreException.class, () -> group.submit("bad"));
        assertTrue(refused.getMessage().contains("unique constraint"));
        assertEquals(List.of(List.of("x")), db.committed);
    }

    @Test
    void shutdownWritesWhatWasHandedOverAndRefusesLaterWrites() throws Exception {
        start(64);
        CompletableFuture<String> first = holdTheWriter();
        List<CompletableFuture<String>> pending = submit("x", "y");
        Thread closing = new Thread(() -> group.close(Duration.ofSeconds(30)));
        closing.start();
        // Once the group commit refuses new writes, it is closing; what was handed over before is still pending.
        List<CompletableFuture<String>> probes = new ArrayList<>();
        CompletableFuture<String> probe;
        do {
            probe = group.submitAsync("probe");
            probes.add(probe);
            Thread.onSpinWait();
        } while (!probe.isDone());
        assertInstanceOf(GroupCommit.ClosedException.class, failureOf(probe));
        releaseFirst.countDown();
        closing.join(TimeUnit.SECONDS.toMillis(30));

        assertEquals("FIRST", first.get(30, TimeUnit.SECONDS));
        assertEquals("X", pending.get(0).get(30, TimeUnit.SECONDS));
        assertEquals("Y", pending.get(1).get(30, TimeUnit.SECONDS));
        // Every probe was either written (handed over before the close) or refused: none is left waiting.
        for (CompletableFuture<String> p : probes) {
            assertTrue(p.isDone());
        }
        assertTrue(db.committed.stream().anyMatch(batch -> batch.containsAll(List.of("x", "y"))));
        assertThrows(GroupCommit.ClosedException.class, () -> group.submit("late"));
    }

    @Test
    void writesStillPendingWhenTheDrainTimeRunsOutAreRefusedNotLeftWaiting() throws Exception {
        start(64);
        CompletableFuture<String> first = holdTheWriter();
        CompletableFuture<String> waiting = group.submitAsync("x");
        // The writer stays held: the drain time runs out with "x" still pending.
        group.close(Duration.ofMillis(100));

        assertInstanceOf(GroupCommit.ClosedException.class, failureOf(waiting));
        // The held write was interrupted and rolled back: its caller is answered with the failure, not left waiting.
        assertInstanceOf(StoreException.class, failureOf(first));
        assertTrue(db.committed.stream().noneMatch(batch -> batch.contains("x")));
    }
}
