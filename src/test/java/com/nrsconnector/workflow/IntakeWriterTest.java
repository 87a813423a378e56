package com.nrsconnector.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.store.Db;
import com.nrsconnector.store.PortalStore;
import com.nrsconnector.store.StoreException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The intake's write on its own, with stand-ins for the database and the stores: each call of a shared write gets its
 * own answer (stored, or 404 / 409 for its portal), and once the connector shuts down a call is refused with 503.
 */
class IntakeWriterTest {

    /** Transactions without a database. */
    static final class NoDatabase extends Db {
        @Override
        public <T> T inTransaction(Work<T> work) {
            try {
                return work.run(null);
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    static final class Portals extends PortalStore {
        @Override
        public Map<Long, String> statuses(Connection c, Collection<Long> portalIds) {
            return Map.of(1L, "CONNECTED", 2L, "INSTALLED", 3L, "DISCONNECTED");
        }
    }

    /** Stores what it is given, in order; a callbackId seen before is a repeat. */
    static final class Store extends ActionRequestStore {
        final List<String> stored = Collections.synchronizedList(new ArrayList<>());

        @Override
        public List<StoredAnswer> storeAll(Connection c, List<Intake> intakes) {
            List<StoredAnswer> answers = new ArrayList<>();
            for (Intake intake : intakes) {
                boolean repeat = stored.contains(intake.request().callbackId());
                if (!repeat) {
                    stored.add(intake.request().callbackId());
                }
                answers.add(new StoredAnswer(intake.status(), intake.answer(), repeat));
            }
            return answers;
        }
    }

    private final Store store = new Store();
    private final IntakeWriter writer = new IntakeWriter();

    IntakeWriterTest() {
        writer.db = new NoDatabase();
        writer.portals = new Portals();
        writer.store = store;
        writer.meters = new SimpleMeterRegistry();
        writer.config = config();
        writer.start();
    }

    @AfterEach
    void stop() {
        writer.destroy();
    }

    private static ConnectorConfig config() {
        ConnectorConfig.Intake intake = (ConnectorConfig.Intake) Proxy.newProxyInstance(
                IntakeWriterTest.class.getClassLoader(),
                new Class<?>[] {ConnectorConfig.Intake.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "writers" -> 1;
                    case "maxBatch" -> 64;
                    case "drainTimeout" -> Duration.ofSeconds(5);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ConnectorConfig) Proxy.newProxyInstance(
                IntakeWriterTest.class.getClassLoader(),
                new Class<?>[] {ConnectorConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("intake")) {
                        return intake;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ActionRequestStore.Intake intake(long portal, String callbackId) {
        WorkflowActionRequest request = new WorkflowActionRequest(
                callbackId,
                portal,
                "SEND_SMS",
                "CONTACT",
                "1001",
                Map.of(),
                Map.of("sender", "ACME", "message", "hi"),
                "{}",
                7L);
        return ActionRequestStore.Intake.sms(
                request, SendSmsInput.from(request.inputFields()), 200, WorkflowActionIntake.BLOCK_ANSWER);
    }

    @Test
    void aConnectedPortalsCallIsStoredAndARepeatGetsTheSameAnswer() {
        ActionRequestStore.StoredAnswer first = writer.accept(intake(1, "cb-1"));
        ActionRequestStore.StoredAnswer again = writer.accept(intake(1, "cb-1"));
        assertEquals(200, first.status());
        assertEquals(WorkflowActionIntake.BLOCK_ANSWER, first.body());
        assertFalse(first.duplicate());
        assertEquals(first.body(), again.body());
        assertTrue(again.duplicate());
        assertEquals(List.of("cb-1"), store.stored);
    }

    @Test
    void unknownAndDisconnectedPortalsAreRefusedAndNothingOfThemIsStored() {
        RequestRejectedException unknown =
                assertThrows(RequestRejectedException.class, () -> writer.accept(intake(9, "cb-9")));
        assertEquals(404, unknown.status());
        assertEquals("portal 9 is not connected to this connector", unknown.getMessage());
        RequestRejectedException installed =
                assertThrows(RequestRejectedException.class, () -> writer.accept(intake(2, "cb-2")));
        assertEquals(409, installed.status());
        assertTrue(installed.getMessage().contains("no 360nrs account linked yet"), installed.getMessage());
        RequestRejectedException disconnected =
                assertThrows(RequestRejectedException.class, () -> writer.accept(intake(3, "cb-3")));
        assertEquals(409, disconnected.status());
        assertTrue(disconnected.getMessage().contains("has been disconnected"), disconnected.getMessage());
        assertEquals(List.of(), store.stored);
    }

    @Test
    void afterShutdownACallIsRefusedWith503AndNotStored() {
        writer.stop(null);
        RequestRejectedException refused =
                assertThrows(RequestRejectedException.class, () -> writer.accept(intake(1, "cb-late")));
        assertEquals(503, refused.status());
        assertEquals(List.of(), store.stored);
    }
}
