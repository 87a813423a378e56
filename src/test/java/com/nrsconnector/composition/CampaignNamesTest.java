package com.nrsconnector.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.nrsconnector.messaging.Channel;

class CampaignNamesTest {

    @Test
    void smsAndVoiceNames() {
        Instant now = Instant.parse("2026-11-15T10:00:00Z");
        assertEquals("HUBSPOT_SMS_2026_11", CampaignNames.defaultName(Channel.SMS, now, ZoneId.of("Europe/Madrid")));
        assertEquals("HUBSPOT_VOICE_2026_11", CampaignNames.defaultName(Channel.VOICE, now, null));
    }

    @Test
    void singleDigitMonthsArePadded() {
        assertEquals(
                "HUBSPOT_SMS_2027_03",
                CampaignNames.defaultName(Channel.SMS, Instant.parse("2027-03-01T12:00:00Z"), null));
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-30T23:30:00Z, Europe/Madrid,       HUBSPOT_SMS_2026_12",
        "2026-11-30T23:30:00Z, ,                    HUBSPOT_SMS_2026_11",
        "2026-11-30T23:30:00Z, UTC,                 HUBSPOT_SMS_2026_11",
        "2026-12-01T03:00:00Z, America/New_York,    HUBSPOT_SMS_2026_11",
        "2026-12-31T23:30:00Z, Europe/Lisbon,       HUBSPOT_SMS_2026_12",
        "2026-12-31T23:30:00Z, Europe/Madrid,       HUBSPOT_SMS_2027_01",
        "2027-01-01T00:30:00Z, America/Los_Angeles, HUBSPOT_SMS_2026_12",
        "2026-06-30T14:30:00Z, Pacific/Kiritimati,  HUBSPOT_SMS_2026_07",
        "2026-07-01T09:00:00Z, Pacific/Pago_Pago,   HUBSPOT_SMS_2026_06",
    })
    void monthIsThePortalsMonth(String instant, String zone, String expected) {
        ZoneId portalZone = zone == null ? null : ZoneId.of(zone);
        assertEquals(expected, CampaignNames.defaultName(Channel.SMS, Instant.parse(instant), portalZone));
    }

    @Test
    void digitsStayAsciiWhateverTheDefaultLocale() {
        Locale original = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG-u-nu-arab"));
            assertEquals(
                    "HUBSPOT_SMS_2026_11",
                    CampaignNames.defaultName(Channel.SMS, Instant.parse("2026-11-15T10:00:00Z"), null));
        } finally {
            Locale.setDefault(original);
        }
    }

    @Test
    void channelAndInstantAreRequired() {
        assertThrows(NullPointerException.class, () -> CampaignNames.defaultName(null, Instant.now(), null));
        assertThrows(NullPointerException.class, () -> CampaignNames.defaultName(Channel.SMS, null, null));
    }
}
