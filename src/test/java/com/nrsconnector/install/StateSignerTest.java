package com.nrsconnector.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateSignerTest {

    private static final String KEY = "a-test-session-key-of-32-bytes!!";
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private static StateSigner at(Instant now) {
        return new StateSigner(KEY, Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aStateItIssuedIsAcceptedWithItsNonce() {
        StateSigner.Issued issued = at(NOW).issue();
        assertEquals(Optional.of(issued.nonce()), at(NOW.plusSeconds(599)).verify(issued.state()));
        assertEquals(NOW.plus(Duration.ofMinutes(10)), issued.expiresAt());
    }

    @Test
    void eachStateIsNew() {
        assertNotEquals(at(NOW).issue().state(), at(NOW).issue().state());
    }

    @Test
    void anExpiredStateIsRefused() {
        StateSigner.Issued issued = at(NOW).issue();
        assertTrue(at(NOW.plusSeconds(600)).verify(issued.state()).isEmpty());
    }

    @Test
    void anAlteredStateIsRefused() {
        String state = at(NOW).issue().state();
        String[] parts = state.split("\\.");
        // A later expiry with the old signature, another nonce, a changed signature.
        assertTrue(at(NOW).verify(parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2])
                .isEmpty());
        assertTrue(at(NOW).verify("B" + parts[0].substring(1) + "." + parts[1] + "." + parts[2])
                        .isEmpty()
                || parts[0].startsWith("B"));
        char last = parts[2].charAt(parts[2].length() - 1);
        assertTrue(at(NOW).verify(state.substring(0, state.length() - 1) + (last == 'A' ? 'B' : 'A'))
                .isEmpty());
    }

    @Test
    void aStateSignedWithAnotherKeyIsRefused() {
        String state = new StateSigner(
                        "another-key-of-at-least-32-bytes", Duration.ofMinutes(10), Clock.fixed(NOW, ZoneOffset.UTC))
                .issue()
                .state();
        assertTrue(at(NOW).verify(state).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b.c", "..", "x.1.y", "%00", "AAAAAAAAAAAAAAAAAAAAAAAA.99999999999999.x"})
    void malformedStatesAreRefused(String state) {
        assertTrue(at(NOW).verify(state).isEmpty());
    }

    @Test
    void nullAndHugeStatesAreRefused() {
        assertTrue(at(NOW).verify(null).isEmpty());
        assertTrue(at(NOW).verify("A".repeat(100_000)).isEmpty());
    }
}
