package com.nrsconnector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.SendQueue;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Claims are exclusive: workers claiming at the same time (as connector instances sharing one database do) never
 * get the same send, and a claim whose lease ran out is taken over by another worker.
 */
@QuarkusTest
class SendQueueClaimTest {

    @Inject
    Db db;

    @Inject
    SendQueue queue;

    @Inject
    MessageStore messages;

    @Inject
    CamelContext camel;

    @BeforeEach
    void pauseDispatcher() throws Exception {
        // The connector's own dispatcher would claim these rows too; this test plays the instances itself.
        camel.getRouteController().stopRoute("send-dispatcher");
    }

    @AfterEach
    void resumeDispatcher() throws Exception {
        db.update("DELETE FROM send_queue WHERE message_id IN (SELECT id FROM message WHERE portal_id = -1)");
        camel.getRouteController().startRoute("send-dispatcher");
    }

    private List<Long> enqueue(int count) {
        String batch = UUID.randomUUID().toString();
        return db.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long id = messages.insertPending(
                        c, "claim-" + batch + "-" + i, -1, "c" + i, Channel.SMS, "ACME", "x", Map.of(), Map.of());
                queue.enqueue(c, id);
                ids.add(id);
            }
            return ids;
        });
    }

    @Test
    void concurrentClaimsNeverOverlap() throws Exception {
        List<Long> ids = enqueue(200);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<Long>>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int round = 0; round < 100; round++) {
                        List<Long> claimed = queue.claim(7, Duration.ofMinutes(5));
                        mine.addAll(claimed);
                        if (claimed.isEmpty() && round > 10) {
                            break;
                        }
                    }
                    return mine;
                });
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : pool.invokeAll(workers)) {
                all.addAll(result.get());
            }
            all.retainAll(ids);
            Set<Long> distinct = new HashSet<>(all);
            assertEquals(all.size(), distinct.size(), "a send was claimed twice");
            assertEquals(new HashSet<>(ids), distinct, "every send was claimed");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void releasedSendsAreDueAtTheirOwnTimesWithTheirAttemptGivenBack() {
        List<Long> ids = enqueue(3);
        assertEquals(ids, queue.claim(10, Duration.ofMinutes(5)));
        Instant later = Instant.now().plusSeconds(60);
        Map<Long, Instant> dueAt = new LinkedHashMap<>();
        dueAt.put(ids.get(0), Instant.now().minusSeconds(1));
        dueAt.put(ids.get(1), later);
        // Already in flight: a send under way is not the gate's to give back.
        assertTrue(queue.markInFlight(ids.get(2)));
        dueAt.put(ids.get(2), later);
        queue.release(dueAt);

        assertEquals(0, queue.attempts(ids.get(0)));
        assertEquals(0, queue.attempts(ids.get(1)));
        assertEquals(1, queue.attempts(ids.get(2)), "the send in flight keeps its attempt");
        // Due again: only the first; the second at its own time; the third stays leased.
        assertEquals(List.of(ids.get(0)), queue.claim(10, Duration.ofMinutes(5)));
        assertEquals(1, queue.attempts(ids.get(0)));
        db.update(
                "UPDATE send_queue SET available_at = ? WHERE message_id = ?",
                Instant.now().minusSeconds(1),
                ids.get(1));
        assertEquals(List.of(ids.get(1)), queue.claim(10, Duration.ofMinutes(5)));
        assertTrue(queue.claim(0, Duration.ofMinutes(5)).isEmpty(), "a claim of none claims none");
    }

    @Test
    void expiredLeaseIsTakenOverAndLiveLeaseIsNot() {
        List<Long> ids = enqueue(1);
        assertEquals(ids, queue.claim(10, Duration.ofMinutes(5)));
        assertTrue(queue.claim(10, Duration.ofMinutes(5)).isEmpty(), "a live lease is respected");
        db.update(
                "UPDATE send_queue SET lease_until = ? WHERE message_id = ?",
                Instant.now().minusSeconds(1),
                ids.get(0));
        assertEquals(ids, queue.claim(10, Duration.ofMinutes(5)), "an expired lease is taken over");
        assertEquals(2, queue.attempts(ids.get(0)));
    }
}
