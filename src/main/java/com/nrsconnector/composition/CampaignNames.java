package com.nrsconnector.composition;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Objects;

import com.nrsconnector.messaging.Channel;

/** Default campaign name when the action leaves it empty: HUBSPOT_&lt;CHANNEL&gt;_&lt;YEAR&gt;_&lt;MONTH&gt;. */
public final class CampaignNames {

    private CampaignNames() {}

    /**
     * E.g. {@code HUBSPOT_SMS_2026_11}. The month is the portal's, because that is the calendar its users
     * think in; without a known zone, UTC. ASCII digits whatever the default locale.
     */
    public static String defaultName(Channel channel, Instant now, ZoneId portalZone) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(now, "now");
        ZonedDateTime local = now.atZone(portalZone == null ? ZoneOffset.UTC : portalZone);
        return String.format(
                Locale.ROOT, "HUBSPOT_%s_%04d_%02d", channel.name(), local.getYear(), local.getMonthValue());
    }
}
