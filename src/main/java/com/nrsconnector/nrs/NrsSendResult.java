package com.nrsconnector.nrs;

/** 360nrs's answer for one recipient: accepted with its id, or refused for good with the provider's reason. */
public record NrsSendResult(boolean accepted, String providerMessageId, Integer errorCode, String errorDescription) {

    public static NrsSendResult accepted(String id) {
        return new NrsSendResult(true, id, null, null);
    }

    public static NrsSendResult refused(Integer code, String description) {
        return new NrsSendResult(false, null, code, description);
    }

    public String reason() {
        return "360nrs refused the message" + (errorCode == null ? "" : " (error " + errorCode + ")")
                + (errorDescription == null ? "" : ": " + errorDescription);
    }
}
