package com.nrsconnector.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.store.Db;
import com.nrsconnector.store.GroupCommit;
import com.nrsconnector.store.PortalStore;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The one durable write of a workflow-action call, shared with the calls that arrive at the same time: the writes
 * waiting are stored together in one transaction (the portals' status checked, the executions, messages and queue rows
 * inserted in one batch per table, one commit), and each call is answered once its write committed
 * ({@link GroupCommit}). An unknown or disconnected portal is refused (404 / 409) from the same transaction; a batch
 * that fails is written again call by call, so one bad call never fails the others. While the connector shuts down,
 * the writes already handed over are still stored and later calls are refused with 503 (HubSpot calls again).
 */
@ApplicationScoped
public class IntakeWriter {

    /** A stored (or repeated) execution's answer, or why the call is refused. */
    record Outcome(ActionRequestStore.StoredAnswer answer, RequestRejectedException refusal) {}

    @Inject
    Db db;

    @Inject
    PortalStore portals;

    @Inject
    ActionRequestStore store;

    @Inject
    ConnectorConfig config;

    @Inject
    MeterRegistry meters;

    private GroupCommit<ActionRequestStore.Intake, Outcome> writes;
    private final LongAdder calls = new LongAdder();

    @PostConstruct
    void start() {
        writes = new GroupCommit<>(
                "workflow-intake",
                db,
                config.intake().writers(),
                config.intake().maxBatch(),
                this::write);
        FunctionCounter.builder("connector.intake.batches", writes, GroupCommit::batches)
                .description(
                        "Transactions that stored workflow-action calls (each one commit, shared by the calls in it)")
                .register(meters);
        FunctionCounter.builder("connector.intake.retried", writes, GroupCommit::retriedOneByOne)
                .description("Workflow-action calls written again on their own after their shared transaction failed")
                .register(meters);
    }

    /** Stores the execution with the others waiting and returns its answer once committed; refusals are thrown. */
    public ActionRequestStore.StoredAnswer accept(ActionRequestStore.Intake intake) {
        calls.increment();
        Outcome outcome;
        try {
            outcome = writes.submit(intake);
        } catch (GroupCommit.ClosedException e) {
            throw new RequestRejectedException(503, "the connector is shutting down; call again", null);
        }
        if (outcome.refusal() != null) {
            throw outcome.refusal();
        }
        return outcome.answer();
    }

    /** Workflow calls handed to this writer since start (stored, repeated or refused). */
    public long calls() {
        return calls.sum();
    }

    /** Batches committed since start. */
    public long batches() {
        return writes.batches();
    }

    /** Calls written again one by one after their batch failed, since start. */
    public long retriedOneByOne() {
        return writes.retriedOneByOne();
    }

    /** At shutdown, after the HTTP server has let the calls under way finish: what is still pending is stored. */
    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        writes.close(config.intake().drainTimeout());
    }

    @PreDestroy
    void destroy() {
        writes.close(config.intake().drainTimeout());
    }

    private List<Outcome> write(Connection c, List<ActionRequestStore.Intake> intakes) throws SQLException {
        Set<Long> portalIds = new LinkedHashSet<>();
        for (ActionRequestStore.Intake intake : intakes) {
            portalIds.add(intake.request().portalId());
        }
        Map<Long, String> statuses = portals.statuses(c, portalIds);
        List<ActionRequestStore.Intake> accepted = new ArrayList<>(intakes.size());
        List<Outcome> outcomes = new ArrayList<>(intakes.size());
        for (ActionRequestStore.Intake intake : intakes) {
            RequestRejectedException refusal = refusal(
                    intake.request().portalId(), statuses.get(intake.request().portalId()));
            outcomes.add(refusal == null ? null : new Outcome(null, refusal));
            if (refusal == null) {
                accepted.add(intake);
            }
        }
        List<ActionRequestStore.StoredAnswer> answers = store.storeAll(c, accepted);
        for (int i = 0, next = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) == null) {
                outcomes.set(i, new Outcome(answers.get(next++), null));
            }
        }
        return outcomes;
    }

    /** Null when the portal may send; otherwise 404 (unknown) or 409 (no account linked yet, or disconnected). */
    private static RequestRejectedException refusal(long portalId, String status) {
        if (status == null) {
            return RequestRejectedException.notFound("portal " + portalId + " is not connected to this connector");
        }
        if (!"CONNECTED".equals(status)) {
            return new RequestRejectedException(
                    409,
                    "portal " + portalId
                            + ("INSTALLED".equals(status)
                                    ? " has no 360nrs account linked yet; link one on its connection page"
                                    : " has been disconnected; reconnect it before sending"),
                    null);
        }
        return null;
    }
}
