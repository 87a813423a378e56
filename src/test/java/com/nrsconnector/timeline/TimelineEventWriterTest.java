package com.nrsconnector.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.nrsconnector.messaging.TimelineEvents.TimelineEvent;

class TimelineEventWriterTest {

    private static final TimelineEvent EVENT = new TimelineEvent(
            7,
            42,
            "SMS_DELIVERED",
            Instant.parse("2026-11-26T10:00:00Z"),
            "delivered",
            62515,
            "1001",
            "nrs-1",
            "ACME",
            "Citas",
            "34612345678",
            "SMS",
            1,
            "nrs-5b0e3c2a-1f7d-4a8e-9c61-2d4f8e7a9b10");

    @Test
    void everyEventCarriesTheDeclaredPropertiesInOrder() {
        assertEquals(
                TimelineEventWriter.PROPERTY_NAMES,
                List.copyOf(TimelineEventWriter.tokens(EVENT).keySet()));
    }

    @Test
    void appEventTypeNamesAreThePrefixAndTheLowerCaseType() {
        assertEquals("sms_not_delivered", TimelineEventWriter.appEventTypeName("", "SMS_NOT_DELIVERED"));
        assertEquals("pe123_sms_sent", TimelineEventWriter.appEventTypeName("pe123_", "SMS_SENT"));
    }

    @Test
    void anEventIsWrittenWithTheIdStoredWithIt() {
        assertEquals("nrs-5b0e3c2a-1f7d-4a8e-9c61-2d4f8e7a9b10", TimelineEventWriter.eventId(EVENT));
    }
}
