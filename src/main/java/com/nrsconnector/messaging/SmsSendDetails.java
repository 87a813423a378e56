package com.nrsconnector.messaging;

/** What a send resolved to: the number, the final text and how it is encoded. */
public record SmsSendDetails(String phone, String text, String encoding, Integer segments, String campaignName) {

    /** The same without the text: what is still worth recording when recording the whole failed. */
    public SmsSendDetails withoutText() {
        return new SmsSendDetails(phone, null, encoding, segments, campaignName);
    }
}
