package com.nrsconnector.messaging;

/** What a send resolved to: the number, the final text and how it is encoded. */
public record SmsSendDetails(String phone, String text, String encoding, Integer segments, String campaignName) {
}
