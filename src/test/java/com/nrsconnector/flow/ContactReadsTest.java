package com.nrsconnector.flow;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * HubSpot sends the contact properties the action asks for and leaves the unset ones out: a send whose text and number
 * need only those properties costs no contacts read; a token naming any other property is read before the send.
 */
@QuarkusTest
class ContactReadsTest {

    @Test
    void theRequestedPropertiesThePayloadLeftOutAreUnsetAndNotReadAgain() {
        String contact = Sandbox.createContact(Map.of("firstname", "Noa", "mobilephone", "+34 612 000 941"));
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Hola {{contact.firstname}} " + Sandbox.marker()));

        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                contains("SMS_SENT", "SMS_DELIVERED"));
        assertEquals(0, contactReadsOf(contact), "no contacts read for a payload that told everything");
    }

    @Test
    void aTokenTheActionDoesNotAskForIsReadBeforeTheSend() {
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 942", "city", "Sevilla"));
        String marker = Sandbox.marker();
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Te esperamos en {{contact.city}} " + marker));

        Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_SENT"));
        assertEquals(1, contactReadsOf(contact));
        List<Map<String, Object>> sent = Sandbox.nrsSmsRequestsMentioning(marker);
        assertEquals(1, sent.size());
        assertTrue(String.valueOf(sent.get(0).get("body")).contains("Sevilla"), "the token was filled from the read");
    }

    private static long contactReadsOf(String contactId) {
        return Sandbox.hubspotRequests().stream()
                .filter(r -> "/crm/v3/objects/contacts/batch/read".equals(r.get("path")))
                .filter(r -> String.valueOf(r.get("body")).contains("\"" + contactId + "\""))
                .count();
    }
}
