package com.nrsconnector.encoding;

import java.util.Locale;

/**
 * What the sender asked for; {@link SmsEncodingAnalyzer} turns it into the {@link SmsEncoding} actually used.
 */
public enum EncodingPreference {

    /** GSM-7 when every character fits, else GSM-PT (when allowed) when every character fits there, else UCS-2. */
    AUTO("auto"),

    /** GSM-7 default alphabet and extension table only; UCS-2 when a character does not fit. */
    GSM("gsm"),

    /** GSM-7 or the Portuguese tables, whichever needs fewer parts (tie: GSM-7); UCS-2 when neither fits. */
    GSM_PT("gsm-pt"),

    /** Always UCS-2. */
    UCS2("ucs2");

    private final String code;

    EncodingPreference(String code) {
        this.code = code;
    }

    /** The textual form accepted by {@link #parse(String)}. */
    public String code() {
        return code;
    }

    /**
     * Parses "auto", "gsm", "gsm-pt" or "ucs2", ignoring case and surrounding blanks; null or blank means {@link #AUTO}.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static EncodingPreference parse(String s) {
        if (s == null || s.isBlank()) {
            return AUTO;
        }
        String wanted = s.strip().toLowerCase(Locale.ROOT);
        for (EncodingPreference preference : values()) {
            if (preference.code.equals(wanted)) {
                return preference;
            }
        }
        throw new IllegalArgumentException(
                "Unknown SMS encoding preference '" + s + "'; expected one of: auto, gsm, gsm-pt, ucs2");
    }
}
