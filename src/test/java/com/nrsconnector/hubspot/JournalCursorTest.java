package com.nrsconnector.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Two instances sharing the database read the journal in turn: only the one holding the claim reads a page and moves
 * the offset, a claim left by an instance that died lapses, and a restarted instance reads on from the offset kept.
 */
@QuarkusTest
class JournalCursorTest {

    @Inject
    Db db;

    private final Instant now = Instant.parse("2026-12-07T09:00:00Z");
    private String row;

    @BeforeEach
    void ownCursorRow() {
        // A row of its own, so the running connector's poller never claims it.
        row = "t-" + UUID.randomUUID();
        db.update("INSERT INTO journal_cursor (name) VALUES (?)", row);
    }

    private JournalCursor instance(Instant at) {
        JournalCursor cursor = new JournalCursor();
        cursor.db = db;
        cursor.name = row;
        cursor.clock = Clock.fixed(at, ZoneOffset.UTC);
        return cursor;
    }

    @Test
    void onlyTheInstanceHoldingTheClaimReadsAndMovesTheOffset() {
        JournalCursor first = instance(now);
        JournalCursor second = instance(now);
        JournalCursor.Claim claim = first.claim();
        assertTrue(claim.claimed());
        assertNull(claim.offset(), "nothing read yet");
        assertFalse(second.claim().claimed(), "the other instance waits");
        assertFalse(second.advance(null, "a"), "and cannot move the offset");
        assertTrue(first.advance(null, "a"));
        assertTrue(first.advance("a", "b"));
        assertFalse(first.advance("a", "c"), "a stale offset moves nothing");
        first.release();

        JournalCursor.Claim next = second.claim();
        assertTrue(next.claimed());
        assertEquals("b", next.offset(), "the other instance reads on after the last entry that took effect");
    }

    @Test
    void aClaimLeftByAnInstanceThatDiedLapses() {
        JournalCursor died = instance(now);
        assertTrue(died.claim().claimed());
        assertTrue(died.advance(null, "a"));
        assertFalse(
                instance(now.plus(JournalCursor.CLAIM).minusSeconds(1)).claim().claimed());

        JournalCursor restarted = instance(now.plus(JournalCursor.CLAIM).plus(Duration.ofSeconds(1)));
        JournalCursor.Claim claim = restarted.claim();
        assertTrue(claim.claimed());
        assertEquals("a", claim.offset(), "read on from the offset kept, nothing repeated or skipped");
        assertFalse(died.advance("a", "b"), "the instance that lost its claim moves nothing");
    }
}
