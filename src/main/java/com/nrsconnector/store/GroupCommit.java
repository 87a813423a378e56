package com.nrsconnector.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

/**
 * Writes the pending writes of concurrent callers together: a few writer threads each take what is waiting (up to
 * {@code maxBatch} writes, in the order they were submitted), write it in one transaction with one commit, and then
 * answer each caller with its own result. A caller is answered only once its write committed.
 * <p>
 * A batch that fails as a whole (one member's constraint violation, a deadlock with another instance, the database
 * refusing for a moment) loses nothing and answers nobody wrongly: its members are written again one by one, each in a
 * transaction of its own, and each caller gets its own result or its own error.
 * <p>
 * {@link #close} stops taking writes (a later {@link #submit} is refused with {@link ClosedException}), writes what is
 * still pending within the time given, and refuses what is left after it, so no caller waits forever.
 */
public final class GroupCommit<W, R> implements AutoCloseable {

    /** Writes the whole batch on one connection, in the batch's order; one result per write, in the same order. */
    @FunctionalInterface
    public interface BatchWrite<W, R> {
        List<R> write(Connection connection, List<W> writes) throws SQLException;
    }

    /** Refusal of a write the group commit could not take or finish because it is shutting down. */
    public static final class ClosedException extends RuntimeException {
        public ClosedException(String message) {
            super(message);
        }
    }

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    private record Pending<W, R>(W write, CompletableFuture<R> answer) {}

    private final String name;
    private final Db db;
    private final BatchWrite<W, R> batchWrite;
    private final int maxBatch;
    private final LinkedBlockingQueue<Pending<W, R>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong retriedOneByOne = new AtomicLong();
    private volatile boolean closed;

    /**
     * {@code writerThreads} transactions may be under way at once (each holding one pooled connection) and one batch
     * holds at most {@code maxBatch} writes. A write that fails on its own is not retried: its caller gets the error.
     */
    public GroupCommit(String name, Db db, int writerThreads, int maxBatch, BatchWrite<W, R> batchWrite) {
        if (writerThreads < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("a group commit needs at least one writer and a batch of at least one");
        }
        this.name = name;
        this.db = db;
        this.batchWrite = batchWrite;
        this.maxBatch = maxBatch;
        for (int i = 0; i < writerThreads; i++) {
            Thread writer = new Thread(this::run, name + "-writer-" + i);
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
    }

    /** Hands the write over and waits until it committed: its result, or its own failure thrown as it was. */
    public R submit(W write) {
        try {
            return submitAsync(write).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClosedException(name + ": interrupted while waiting for the write to commit");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** The write's result once it committed; refused at once (ClosedException) after {@link #close}. */
    public CompletableFuture<R> submitAsync(W write) {
        CompletableFuture<R> answer = new CompletableFuture<>();
        if (closed) {
            answer.completeExceptionally(new ClosedException(name + " is shutting down"));
            return answer;
        }
        Pending<W, R> pending = new Pending<>(write, answer);
        queue.add(pending);
        if (closed && queue.remove(pending)) {
            // Raced with close(): nobody may be left to write it.
            answer.completeExceptionally(new ClosedException(name + " is shutting down"));
        }
        return answer;
    }

    /** Batches committed since start (each one transaction). */
    public long batches() {
        return batches.get();
    }

    /** Writes retried one by one after their batch failed. */
    public long retriedOneByOne() {
        return retriedOneByOne.get();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /** Stops taking writes, lets the writers finish what is pending within {@code drainWithin}, refuses the rest. */
    public void close(Duration drainWithin) {
        closed = true;
        long deadline = System.nanoTime() + drainWithin.toNanos();
        for (Thread writer : writers) {
            try {
                writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Pending<W, R>> left = new ArrayList<>();
        queue.drainTo(left);
        for (Pending<W, R> pending : left) {
            pending.answer().completeExceptionally(new ClosedException(name + " is shutting down"));
        }
        for (Thread writer : writers) {
            writer.interrupt();
        }
        if (!left.isEmpty()) {
            LOG.warnf(
                    "%s: %d pending writes refused at shutdown (not written; their callers were told so)",
                    name, left.size());
        }
    }

    private void run() {
        List<Pending<W, R>> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Pending<W, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            } catch (RuntimeException | Error e) {
                // Never leave a caller waiting, whatever went wrong.
                for (Pending<W, R> pending : batch) {
                    pending.answer().completeExceptionally(e);
                }
                LOG.errorf(e, "%s: a batch of %d writes failed unexpectedly", name, batch.size());
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending<W, R>> batch) {
        List<W> writes = new ArrayList<>(batch.size());
        for (Pending<W, R> pending : batch) {
            writes.add(pending.write());
        }
        List<R> results;
        try {
            results = db.inTransaction(c -> batchWrite.write(c, writes));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).answer().completeExceptionally(e);
                return;
            }
            // One member (or the moment) failed the batch: each member on its own, each answered with its own outcome.
            retriedOneByOne.addAndGet(batch.size());
            LOG.debugf(
                    "%s: batch of %d failed (%s), writing its members one by one", name, batch.size(), e.getMessage());
            for (Pending<W, R> pending : batch) {
                try {
                    List<R> single = db.inTransaction(c -> batchWrite.write(c, List.of(pending.write())));
                    pending.answer().complete(single.get(0));
                } catch (RuntimeException | Error failure) {
                    pending.answer().completeExceptionally(failure);
                }
            }
            return;
        }
        batches.incrementAndGet();
        if (results.size() != batch.size()) {
            IllegalStateException wrong = new IllegalStateException(
                    name + ": " + results.size() + " results for " + batch.size() + " writes");
            batch.forEach(pending -> pending.answer().completeExceptionally(wrong));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).answer().complete(results.get(i));
        }
    }
}
