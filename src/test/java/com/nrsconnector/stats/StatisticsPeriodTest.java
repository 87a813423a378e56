package com.nrsconnector.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import com.nrsconnector.api.RequestRejectedException;

/** Periods are whole days of the portal's calendar, both ends inclusive; a bad date names its parameter. */
class StatisticsPeriodTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

    @Test
    void bothEndsAreWholeDaysOfThePortalsZone() {
        StatisticsPeriod period = StatisticsPeriod.parse("2026-11-01", "2026-11-30", "Europe/Madrid", TODAY);
        assertEquals(Instant.parse("2026-10-31T23:00:00Z"), period.start());
        assertEquals(Instant.parse("2026-11-30T23:00:00Z"), period.end());
        // Summer time: midnight in Madrid is 22:00 UTC.
        assertEquals(
                Instant.parse("2026-06-30T22:00:00Z"),
                StatisticsPeriod.parse("2026-07-01", "2026-07-01", "Europe/Madrid", TODAY)
                        .start());
    }

    @Test
    void withoutAZoneOrPeriodTheLast30DaysInUtc() {
        StatisticsPeriod period = StatisticsPeriod.parse(null, "", null, TODAY);
        assertEquals(ZoneOffset.UTC, period.zone());
        assertEquals(LocalDate.of(2026, 10, 28), period.from());
        assertEquals(TODAY, period.to());
        assertEquals(
                ZoneOffset.UTC,
                StatisticsPeriod.parse(null, null, "Not/AZone", TODAY).zone());
    }

    @Test
    void badParametersAreNamed() {
        assertEquals(
                "from",
                assertThrows(
                                RequestRejectedException.class,
                                () -> StatisticsPeriod.parse("2026-02-30", null, null, TODAY))
                        .field());
        assertEquals(
                "to",
                assertThrows(
                                RequestRejectedException.class,
                                () -> StatisticsPeriod.parse(null, "26/11/2026", null, TODAY))
                        .field());
        assertEquals(
                "to",
                assertThrows(
                                RequestRejectedException.class,
                                () -> StatisticsPeriod.parse(null, "+2026-11-26", null, TODAY))
                        .field());
        assertEquals(
                "from",
                assertThrows(
                                RequestRejectedException.class,
                                () -> StatisticsPeriod.parse("2026-11-27", "2026-11-26", null, TODAY))
                        .field());
        assertEquals(
                "from",
                assertThrows(
                                RequestRejectedException.class,
                                () -> StatisticsPeriod.parse("2024-01-01", "2026-01-01", null, TODAY))
                        .field());
        assertEquals(
                400,
                assertThrows(RequestRejectedException.class, () -> StatisticsAccess.portalId("12a"))
                        .status());
    }

    @Test
    void ratesAreFractionsOfSent() {
        assertEquals(0.0, Statistics.rate(0, 0));
        assertEquals(0.3333, Statistics.rate(1, 3));
        assertEquals(1.0, Statistics.rate(4, 4));
    }
}
