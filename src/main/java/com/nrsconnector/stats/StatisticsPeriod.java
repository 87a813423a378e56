package com.nrsconnector.stats;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import com.nrsconnector.api.RequestRejectedException;

/**
 * A period of whole days in the portal's time zone, both ends inclusive: from the start of {@code from} to the start
 * of the day after {@code to}. Left out, {@code to} is today and {@code from} 29 days before it.
 */
public record StatisticsPeriod(LocalDate from, LocalDate to, ZoneId zone) {

    static final int MAX_DAYS = 366;

    public static StatisticsPeriod parse(String from, String to, String timeZone, LocalDate today) {
        ZoneId zone = zone(timeZone);
        LocalDate end = date("to", to, today);
        LocalDate start = date("from", from, end.minusDays(29));
        if (start.isAfter(end)) {
            throw RequestRejectedException.badRequest("from", "from must not be after to");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw RequestRejectedException.badRequest("from", "the period is at most " + MAX_DAYS + " days");
        }
        return new StatisticsPeriod(start, end, zone);
    }

    public static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static LocalDate date(String name, String value, LocalDate fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (value.length() != 10) {
            throw RequestRejectedException.badRequest(name, name + " must be an ISO-8601 date (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw RequestRejectedException.badRequest(name, name + " must be an ISO-8601 date (YYYY-MM-DD)");
        }
    }

    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    public Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
