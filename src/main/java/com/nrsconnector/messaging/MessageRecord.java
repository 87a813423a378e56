package com.nrsconnector.messaging;

import java.util.Map;

/** A stored message: one recipient of one send. */
public record MessageRecord(
        long id,
        String callbackId,
        long portalId,
        String contactId,
        Channel channel,
        MessageStatus status,
        String sender,
        String template,
        Map<String, String> inputFields,
        Map<String, String> contactProperties,
        String text,
        String phone,
        String encoding,
        Integer segments,
        String campaignName,
        String providerMessageId,
        String reason) {}
