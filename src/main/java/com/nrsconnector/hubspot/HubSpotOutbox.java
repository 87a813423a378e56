package com.nrsconnector.hubspot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.api.ProviderAnswers;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.ops.DeadLetterStore;
import com.nrsconnector.ops.LogText;
import com.nrsconnector.store.Db;

/**
 * The claim / send / settle loop of every HubSpot outbox. Due rows are claimed with a short lease
 * ({@code FOR UPDATE SKIP LOCKED}, attempts counted at the claim), so several instances share the work and a row whose
 * instance died is taken over when its lease runs out. Each portal's rows go to HubSpot as one batch request; the
 * outcome is settled with the {@link OutboxPolicy}: written, retried later, or given up as a dead letter. A batch
 * HubSpot refuses as a whole for some of its inputs (the kind says which answers do) is split in halves and sent again
 * until each refused input stands alone, so that only those are given up. Of a 207
 * answer, the inputs its results hold are written; the ones it refused are retried when HubSpot's error for them is
 * transient and given up with its reason (dead letters) when it is not. The rows are
 * claimed and settled by their {@link OutboxKind}, whose package owns their table.
 */
@ApplicationScoped
public class HubSpotOutbox {

    private static final Logger LOG = Logger.getLogger(HubSpotOutbox.class);

    @Inject
    Db db;

    @Inject
    HubSpotApiClient hubspot;

    @Inject
    DeadLetterStore deadLetters;

    @Inject
    ConnectorConfig config;

    @Inject
    ObjectMapper json;

    private OutboxPolicy policy;

    @PostConstruct
    void init() {
        policy = OutboxPolicy.of(config.outbox());
    }

    /** Claims of one flush at most. */
    static final int MAX_ROUNDS = 50;

    public OutboxPolicy policy() {
        return policy;
    }

    /**
     * Writes what is due of this outbox, one batch request per portal and claim, claiming again while the claims come
     * back full (a backlog goes out at the pace the portals' rate limit allows, not one batch per timer tick), up to
     * {@value #MAX_ROUNDS} claims per call so that a reload or shutdown never waits long. Returns how many rows were
     * written.
     */
    public <T extends OutboxKind.Item> int flush(OutboxKind<T> kind) {
        int written = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<T> claimed = claim(kind);
            Round done = write(kind, claimed);
            written += done.written();
            // A request that failed waits for its backoff: no more claims now that would likely fail the same way.
            if (claimed.size() < kind.batchSize() || done.requestFailed()) {
                break;
            }
        }
        return written;
    }

    private record Round(int written, boolean requestFailed) {}

    /** A claimed row and its element of the batch's inputs. */
    private record Pending<T>(T item, Map<String, Object> input) {}

    /**
     * One claim's rows, one batch request per portal; a batch HubSpot refuses as a whole is split until the refused
     * rows stand alone ({@link BatchBisection}), each request through the hubspot-api route and its rate limit.
     */
    private <T extends OutboxKind.Item> Round write(OutboxKind<T> kind, List<T> claimed) {
        Map<Long, List<T>> byPortal = new LinkedHashMap<>();
        claimed.forEach(item -> byPortal.computeIfAbsent(item.portalId(), p -> new ArrayList<>())
                .add(item));
        int written = 0;
        boolean requestFailed = false;
        for (Map.Entry<Long, List<T>> portal : byPortal.entrySet()) {
            long portalId = portal.getKey();
            List<Pending<T>> batch = new ArrayList<>();
            for (T item : portal.getValue()) {
                try {
                    batch.add(new Pending<>(item, kind.input(item)));
                } catch (RuntimeException e) {
                    // One row that cannot be written stays with that row.
                    failed(kind, portalId, List.of(item), null, e);
                }
            }
            if (batch.isEmpty()) {
                continue;
            }
            BatchBisection.Outcome<Pending<T>, JsonNode> outcome = BatchBisection.send(
                    batch,
                    part -> hubspot.call(HubSpotRequest.post(
                            portalId,
                            kind.path(),
                            Map.of("inputs", part.stream().map(Pending::input).toList()))),
                    failure -> failure instanceof HubSpotApiException answer && kind.refusesWholeBatch(answer));
            for (BatchBisection.Sent<Pending<T>, JsonNode> sent : outcome.sent()) {
                written += settle(kind, portalId, sent.items(), sent.answer());
            }
            List<T> existing = new ArrayList<>();
            for (BatchBisection.Refused<Pending<T>> refused : outcome.refused()) {
                HubSpotApiException answer = (HubSpotApiException) refused.refusal();
                if (kind.alreadyWritten(answer)) {
                    existing.add(refused.item().item());
                } else {
                    failed(
                            kind,
                            portalId,
                            List.of(refused.item().item()),
                            List.of(refused.item().input()),
                            loneRefusal(kind, refused.item().input(), answer));
                }
            }
            if (!existing.isEmpty()) {
                written(kind, existing);
                written += existing.size();
            }
            for (BatchBisection.Failed<Pending<T>> failedPart : outcome.failed()) {
                failed(
                        kind,
                        portalId,
                        failedPart.items().stream().map(Pending::item).toList(),
                        failedPart.items().stream().map(Pending::input).toList(),
                        failedPart.failure());
                requestFailed = true;
            }
        }
        return new Round(written, requestFailed);
    }

    /**
     * Settles the rows of a batch HubSpot answered. A 207 creates some inputs and refuses others: the created ones
     * are done; each refused one is retried when its error is a transient one (rate limit, HubSpot's own failure), and
     * given up with its reason otherwise. Returns how many were written.
     */
    private <T extends OutboxKind.Item> int settle(
            OutboxKind<T> kind, long portalId, List<Pending<T>> batch, JsonNode answer) {
        List<Map<String, Object>> inputs = batch.stream().map(Pending::input).toList();
        Map<Integer, Refusal> refused = refusals(kind, inputs, answer);
        List<T> created = new ArrayList<>();
        Map<Refusal, List<Integer>> byRefusal = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Refusal refusal = refused.get(i);
            if (refusal == null) {
                created.add(batch.get(i).item());
            } else {
                byRefusal.computeIfAbsent(refusal, r -> new ArrayList<>()).add(i);
            }
        }
        if (!created.isEmpty()) {
            written(kind, created);
        }
        byRefusal.forEach((refusal, indexes) -> failed(
                kind,
                portalId,
                indexes.stream().map(i -> batch.get(i).item()).toList(),
                indexes.stream().map(inputs::get).toList(),
                new HubSpotApiException(
                        "HubSpot POST " + kind.path() + " refused it in a 207 answer"
                                + (refusal.transientFailure() ? " (transient)" : "") + ": " + refusal.errors(),
                        207,
                        refusal.transientFailure(),
                        null)));
        return created.size();
    }

    /**
     * The refusal of a batch that held this input alone, with HubSpot's reason (category and message of its answer,
     * the whole answer when it has neither), for good.
     */
    private <T extends OutboxKind.Item> HubSpotApiException loneRefusal(
            OutboxKind<T> kind, Map<String, Object> input, HubSpotApiException answer) {
        String reason;
        try {
            JsonNode body = json.readTree(answer.answer());
            reason = body != null && (body.hasNonNull("category") || body.hasNonNull("message"))
                    ? (body.path("category").asText("") + " "
                                    + body.path("message").asText(""))
                            .trim()
                    : answer.answer();
        } catch (JsonProcessingException e) {
            reason = answer.answer();
        }
        String id = kind.resultId(input);
        return new HubSpotApiException(
                "HubSpot POST " + kind.path() + " answered " + answer.status()
                        + " for a batch of this input alone" + (id == null ? "" : " (" + id + ")") + ": "
                        + ProviderAnswers.abbreviate(reason),
                answer.status(),
                false,
                null,
                answer.answer());
    }

    /** Why HubSpot refused an input of a batch: its errors, and whether trying again may succeed. */
    record Refusal(String errors, boolean transientFailure) {}

    /**
     * The inputs a batch answer with errors left out of its results, each with the errors that name it (by its id or
     * its objectId in the error's context). An input no error names gets all the answer's errors; it is retried when
     * any of them is transient.
     */
    static <T extends OutboxKind.Item> Map<Integer, Refusal> refusals(
            OutboxKind<T> kind, List<Map<String, Object>> inputs, JsonNode answer) {
        if (answer == null
                || !answer.path("errors").isArray()
                || answer.path("errors").isEmpty()) {
            return Map.of();
        }
        Set<String> createdIds = new HashSet<>();
        answer.path("results")
                .forEach(result -> createdIds.add(result.path("id").asText()));
        List<JsonNode> errors = new ArrayList<>();
        answer.path("errors").forEach(errors::add);
        Map<Integer, Refusal> refused = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            String id = kind.resultId(inputs.get(i));
            if (id == null || createdIds.contains(id)) {
                continue;
            }
            Object objectId = inputs.get(i).get("objectId");
            List<JsonNode> naming = errors.stream()
                    .filter(error -> names(error, id) || (objectId != null && names(error, objectId.toString())))
                    .toList();
            List<JsonNode> reasons = naming.isEmpty() ? errors : naming;
            refused.put(i, new Refusal(describe(reasons), reasons.stream().anyMatch(HubSpotOutbox::isTransient)));
        }
        return refused;
    }

    /** Whether a batch error item names this value in its context ({"objectId": ["904"]}, {"ids": [...]}, ...). */
    private static boolean names(JsonNode error, String value) {
        for (JsonNode values : error.path("context")) {
            for (JsonNode named : values.isArray() ? values : List.of(values)) {
                if (value.equals(named.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A batch error item worth another try: HubSpot's rate limit or a failure of its own (by category, or by an
     * HTTP status 429 / 5xx where the item carries one). Anything else (validation, unknown record, ...) is for good.
     */
    static boolean isTransient(JsonNode error) {
        String category = error.path("category").asText("");
        if (Set.of("RATE_LIMITS", "RATE_LIMIT", "INTERNAL_ERROR", "SERVICE_UNAVAILABLE", "TIMEOUT", "GATEWAY_TIMEOUT")
                .contains(category)) {
            return true;
        }
        for (String field : List.of("status", "statusCode", "httpStatus")) {
            String status = error.path(field).asText("");
            if (status.matches("\\d{3}")) {
                int code = Integer.parseInt(status);
                return code == 429 || code >= 500;
            }
        }
        return false;
    }

    private static String describe(List<JsonNode> errors) {
        List<String> messages = new ArrayList<>();
        errors.forEach(error -> messages.add(
                error.path("category").asText("") + " " + error.path("message").asText("")));
        return ProviderAnswers.abbreviate(String.join("; ", messages));
    }

    private <T extends OutboxKind.Item> List<T> claim(OutboxKind<T> kind) {
        Instant now = Instant.now();
        Instant leaseEnd = now.plus(config.outbox().lease());
        return db.inTransaction(c -> kind.claim(c, now, leaseEnd, kind.batchSize()));
    }

    private <T extends OutboxKind.Item> void written(OutboxKind<T> kind, List<T> batch) {
        db.inTransaction(c -> {
            for (T item : batch) {
                kind.written(c, item);
            }
            return null;
        });
    }

    private <T extends OutboxKind.Item> void failed(
            OutboxKind<T> kind,
            long portalId,
            List<T> batch,
            List<Map<String, Object>> inputs,
            RuntimeException error) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        Instant now = Instant.now();
        List<Duration> waits = new ArrayList<>();
        Map<Integer, OutboxPolicy.GiveUp> givenUp = new LinkedHashMap<>();
        db.inTransaction(c -> {
            for (int i = 0; i < batch.size(); i++) {
                T item = batch.get(i);
                OutboxPolicy.Decision decision = policy.decide(item.attempts(), error);
                if (decision instanceof OutboxPolicy.Retry retry) {
                    kind.retryLater(c, item, now.plus(retry.delay()), message);
                    waits.add(retry.delay());
                } else {
                    kind.givenUp(c, item, message);
                    givenUp.put(i, (OutboxPolicy.GiveUp) decision);
                }
            }
            return null;
        });
        if (!waits.isEmpty()) {
            LOG.warnf(
                    "%s: writing %d row(s) of portal %d failed, next attempt in %s: %s",
                    kind.routeId(),
                    waits.size(),
                    portalId,
                    waits.stream().min(Duration::compareTo).orElseThrow(),
                    LogText.of(message));
        }
        // The dead letter's own log line is the one that reports a row given up.
        givenUp.forEach((index, giveUp) -> {
            T item = batch.get(index);
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put("portalId", portalId);
            headers.put("outboxKey", item.key().stream().map(String::valueOf).collect(Collectors.joining("/")));
            deadLetters.record(
                    kind.routeId(),
                    "hubspot:POST " + kind.path(),
                    inputs == null ? null : payload(inputs.get(index)),
                    headers,
                    giveUp.reason() + ": " + message,
                    item.attempts(),
                    item.relatedMessageId());
        });
    }

    private String payload(Map<String, Object> input) {
        try {
            return json.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
