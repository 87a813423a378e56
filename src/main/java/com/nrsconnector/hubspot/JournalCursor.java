package com.nrsconnector.hubspot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.nrsconnector.store.Db;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where the connector has read HubSpot's webhooks journal to, kept in the database so that a restart reads on from
 * there. One instance at a time reads the next page: it claims the cursor row with a compare-and-set (a claim left
 * by an instance that died lapses after {@link #CLAIM}), advances the offset entry by entry once an entry's events
 * took effect (with a compare-and-set on the offset it read from), and gives the claim back.
 */
@ApplicationScoped
@Named("journalCursor")
@RegisterForReflection
public class JournalCursor {

    public static final String APP_LIFECYCLE = "app-lifecycle";
    /** Longer than a page takes (a few HTTP calls within their timeouts). */
    static final Duration CLAIM = Duration.ofMinutes(2);

    /** A claim on the cursor: {@code offset} is null before the first read; not {@code claimed} when taken. */
    public record Claim(boolean claimed, String offset) {}

    private final String instance = UUID.randomUUID().toString();

    @Inject
    Db db;

    Clock clock = Clock.systemUTC();
    /** The cursor row (one per journal read). */
    String name = APP_LIFECYCLE;

    public Claim claim() {
        Instant now = clock.instant();
        int taken = db.update(
                "UPDATE journal_cursor SET claimed_by = ?, claimed_until = ? WHERE name = ? "
                        + "AND (claimed_by IS NULL OR claimed_by = ? OR claimed_until < ?)",
                instance,
                Db.timestamp(now.plus(CLAIM)),
                name,
                instance,
                Db.timestamp(now));
        if (taken == 0) {
            return new Claim(false, null);
        }
        return new Claim(true, offset());
    }

    /**
     * Moves the offset from {@code from} to {@code to} while this instance holds the claim; answers false (and moves
     * nothing) when the claim lapsed and another instance read on.
     */
    public boolean advance(String from, String to) {
        Objects.requireNonNull(to, "to");
        String sql = "UPDATE journal_cursor SET last_offset = ? WHERE name = ? AND claimed_by = ? AND "
                + (from == null ? "last_offset IS NULL" : "last_offset = ?");
        int moved = from == null ? db.update(sql, to, name, instance) : db.update(sql, to, name, instance, from);
        return moved == 1;
    }

    public void release() {
        db.update(
                "UPDATE journal_cursor SET claimed_by = NULL, claimed_until = NULL WHERE name = ? AND claimed_by = ?",
                name,
                instance);
    }

    /** The offset read to (null before the first read). */
    public String offset() {
        // A list, not queryOne: the offset is null before the first read.
        List<String> offsets =
                db.query("SELECT last_offset FROM journal_cursor WHERE name = ?", row -> row.getString(1), name);
        return offsets.isEmpty() ? null : offsets.get(0);
    }
}
