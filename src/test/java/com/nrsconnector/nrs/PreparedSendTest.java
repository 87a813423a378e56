package com.nrsconnector.nrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

import com.nrsconnector.messaging.SmsSendDetails;

class PreparedSendTest {

    private static PreparedSend sms(String password) {
        return new PreparedSend(
                7,
                62515,
                "acme",
                password,
                "ACME",
                new SmsSendDetails("34612345678", "Hola", "GSM7", 1, "HUBSPOT_SMS_2026_01"),
                5,
                "https://connector.example.com/callbacks/360nrs/sms?ref=7");
    }

    @Test
    void toStringMasksTheApiPassword() {
        assertEquals(
                "PreparedSend[messageId=7, portalId=62515, nrsUsername=acme, nrsApiPassword=***, sender=ACME, "
                        + "details=SmsSendDetails[phone=34612345678, text=Hola, encoding=GSM7, segments=1, "
                        + "campaignName=HUBSPOT_SMS_2026_01], maxParts=5, "
                        + "notificationUrl=https://connector.example.com/callbacks/360nrs/sms?ref=7]",
                sms("s3cr3t").toString());
    }

    @Test
    void equalityStillComparesThePassword() {
        assertNotEquals(sms("one"), sms("two"));
        assertEquals(sms("one"), sms("one"));
    }
}
