package com.nrsconnector.workflow;

import java.util.Map;

/** The input fields of "Send SMS through 360NRS", validated; the sender is trimmed, as it is checked and stored. */
public record SendSmsInput(
        String sender,
        String message,
        String country,
        boolean shortenUrls,
        String campaignName,
        String utmSource,
        String utmMedium,
        String utmCampaign,
        String utmTerm,
        String utmContent) {

    public static final String SENDER = "sender";
    public static final String MESSAGE = "message";
    public static final String COUNTRY = "country";
    public static final String SHORTEN_URLS = "shortenUrls";
    public static final String CAMPAIGN_NAME = "campaignName";
    /** DELIVERY (the default: the workflow waits for the final status) or SEND (it goes on once sent or not sent). */
    public static final String WAIT_FOR = "waitFor";

    public static final String WAIT_FOR_DELIVERY = "DELIVERY";
    public static final String WAIT_FOR_SEND = "SEND";

    public static SendSmsInput from(Map<String, String> fields) {
        String sender = fields.get(SENDER);
        return new SendSmsInput(
                sender == null ? null : sender.trim(),
                fields.get(MESSAGE),
                blankToNull(fields.get(COUNTRY)),
                Boolean.parseBoolean(fields.getOrDefault(SHORTEN_URLS, "false").trim()),
                blankToNull(fields.get(CAMPAIGN_NAME)),
                blankToNull(fields.get("utmSource")),
                blankToNull(fields.get("utmMedium")),
                blankToNull(fields.get("utmCampaign")),
                blankToNull(fields.get("utmTerm")),
                blankToNull(fields.get("utmContent")));
    }

    /** What the execution waits for, from the {@code waitFor} input field (validated by the parser). */
    public static String waitFor(Map<String, String> fields) {
        String value = blankToNull(fields.get(WAIT_FOR));
        return value != null && WAIT_FOR_SEND.equalsIgnoreCase(value) ? WAIT_FOR_SEND : WAIT_FOR_DELIVERY;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
