package com.nrsconnector.nrs;

/**
 * 360nrs's answer for one recipient: accepted with its id, refused for good with the provider's reason, or unknown
 * (an answer that says nothing about this recipient: it may have been accepted, so it is never requested again).
 */
public record NrsSendResult(
        boolean accepted,
        String providerMessageId,
        Integer errorCode,
        String errorDescription,
        boolean outcomeUnknown) {

    public static NrsSendResult accepted(String id) {
        return new NrsSendResult(true, id, null, null, false);
    }

    public static NrsSendResult refused(Integer code, String description) {
        return new NrsSendResult(false, null, code, description, false);
    }

    public static NrsSendResult unknown(String description) {
        return new NrsSendResult(false, null, null, description, true);
    }

    public String reason() {
        if (outcomeUnknown) {
            return errorDescription;
        }
        return "360nrs refused the message" + (errorCode == null ? "" : " (error " + errorCode + ")")
                + (errorDescription == null ? "" : ": " + errorDescription);
    }
}
