package com.nrsconnector.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.nrsconnector.messaging.SmsSendDetails;
import com.nrsconnector.nrs.PreparedSend;
import com.nrsconnector.nrs.SendGroup;
import com.nrsconnector.nrs.VoiceCall;

/** Which sends share a 360nrs request: same content, each number once, at most the limit; calls alone. */
class SendRequestGrouperTest {

    private static PreparedSend sms(long id, String phone, String text) {
        return sms(id, phone, text, "ACME", 62515, "acme");
    }

    private static PreparedSend sms(long id, String phone, String text, String sender, long portal, String account) {
        return new PreparedSend(
                id,
                portal,
                account,
                "secret",
                sender,
                new SmsSendDetails(phone, text, "gsm", 1, "Campaign"),
                5,
                "https://x/cb?ref=" + id);
    }

    private static List<List<Long>> ids(List<SendGroup> groups) {
        return groups.stream().map(SendGroup::messageIds).toList();
    }

    @Test
    void sameContentToDifferentNumbersIsOneRequestInIdOrder() {
        List<SendGroup> groups = SendRequestGrouper.group(
                List.of(sms(3, "34611000003", "Hola"), sms(1, "34611000001", "Hola"), sms(2, "34611000002", "Hola")),
                500);

        assertEquals(List.of(List.of(1L, 2L, 3L)), ids(groups));
        SendGroup request = groups.get(0);
        assertEquals(1L, request.messageId(), "the request's reference is its lowest message id");
        assertEquals("https://x/cb?ref=1", request.notificationUrl());
        assertEquals(List.of("34611000001", "34611000002", "34611000003"), request.numbers());
    }

    @Test
    void anythingTheRequestSaysBesidesTheNumberSeparatesRequests() {
        PreparedSend base = sms(1, "34611000001", "Hola");
        List<PreparedSend> sends = List.of(
                base,
                sms(2, "34611000002", "Hola Ana"), // another text
                sms(3, "34611000003", "Hola", "OTHER", 62515, "acme"), // another sender
                sms(4, "34611000004", "Hola", "ACME", 62516, "acme"), // another portal
                sms(5, "34611000005", "Hola", "ACME", 62515, "other"), // another account
                new PreparedSend(
                        6,
                        62515,
                        "acme",
                        "secret",
                        "ACME",
                        new SmsSendDetails("34611000006", "Hola", "utf-16", 1, "Campaign"),
                        5,
                        "u"), // encoding
                new PreparedSend(
                        7,
                        62515,
                        "acme",
                        "secret",
                        "ACME",
                        new SmsSendDetails("34611000007", "Hola", "gsm", 1, "Other campaign"),
                        5,
                        "u"), // campaign
                new PreparedSend(
                        8,
                        62515,
                        "acme",
                        "secret",
                        "ACME",
                        new SmsSendDetails("34611000008", "Hola", "gsm", 1, "Campaign"),
                        3,
                        "u"), // parts allowed
                new PreparedSend(
                        9,
                        62515,
                        "acme",
                        "other-secret",
                        "ACME",
                        new SmsSendDetails("34611000009", "Hola", "gsm", 1, "Campaign"),
                        5,
                        "u"), // credentials
                sms(10, "34611000010", "Hola"));

        List<SendGroup> groups = SendRequestGrouper.group(sends, 500);

        assertEquals(
                List.of(
                        List.of(1L, 10L),
                        List.of(2L),
                        List.of(3L),
                        List.of(4L),
                        List.of(5L),
                        List.of(6L),
                        List.of(7L),
                        List.of(8L),
                        List.of(9L)),
                ids(groups));
    }

    @Test
    void aNumberAppearsOnceInARequest() {
        List<SendGroup> groups = SendRequestGrouper.group(
                List.of(
                        sms(1, "34611000001", "Hola"),
                        sms(2, "34611000001", "Hola"),
                        sms(3, "34611000002", "Hola"),
                        sms(4, "34611000001", "Hola")),
                500);

        assertEquals(List.of(List.of(1L, 3L), List.of(2L), List.of(4L)), ids(groups));
        for (SendGroup group : groups) {
            assertEquals(group.size(), new HashSet<>(group.numbers()).size());
        }
    }

    @Test
    void requestsCarryAtMostTheLimit() {
        List<PreparedSend> sends = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            sends.add(sms(i, "3461100000" + i, "Hola"));
        }
        assertEquals(
                List.of(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L), List.of(7L)),
                ids(SendRequestGrouper.group(sends, 3)));
    }

    @Test
    void theLimitIsNeverAbove500NorBelowOne() {
        List<PreparedSend> sends = new ArrayList<>();
        for (int i = 1; i <= 1201; i++) {
            sends.add(sms(i, Long.toString(34611000000L + i), "Hola"));
        }
        List<SendGroup> groups = SendRequestGrouper.group(sends, 10_000);
        assertEquals(
                List.of(500, 500, 201), groups.stream().map(SendGroup::size).toList());
        Set<Long> all = new HashSet<>();
        groups.forEach(g -> all.addAll(g.messageIds()));
        assertEquals(1201, all.size(), "every send in exactly one request");

        assertEquals(3, SendRequestGrouper.group(sends.subList(0, 3), 0).size());
    }

    @Test
    void voiceCallsGoOnePerRequest() {
        VoiceCall call = new VoiceCall(null, "TTS", "es_ES", null, null);
        List<PreparedSend> sends = List.of(
                new PreparedSend(
                        1,
                        62515,
                        "acme",
                        "secret",
                        "ACME",
                        new SmsSendDetails("34611000001", "Hola", null, null, "C"),
                        1,
                        "u1",
                        call),
                new PreparedSend(
                        2,
                        62515,
                        "acme",
                        "secret",
                        "ACME",
                        new SmsSendDetails("34611000002", "Hola", null, null, "C"),
                        1,
                        "u2",
                        call),
                sms(3, "34611000003", "Hola"));

        List<SendGroup> groups = SendRequestGrouper.group(sends, 500);

        assertEquals(List.of(List.of(1L), List.of(2L), List.of(3L)), ids(groups));
        assertEquals("VOICE", groups.get(0).channel().name());
    }

    @Test
    void aGroupAnswersForItsFirstSendAndNarrowsToTheSendsStillHeld() {
        SendGroup group = SendRequestGrouper.group(
                        List.of(
                                sms(5, "34611000005", "Hola"),
                                sms(7, "34611000007", "Hola"),
                                sms(9, "34611000009", "Hola")),
                        500)
                .get(0);

        assertEquals("ACME", group.sender());
        assertEquals("Hola", group.details().text());
        SendGroup narrowed = group.only(List.of(7L, 9L)).orElseThrow();
        assertEquals(7L, narrowed.messageId(), "the reference moves to the lowest send left");
        assertEquals("https://x/cb?ref=7", narrowed.notificationUrl());
        assertTrue(group.only(List.of()).isEmpty());
        assertFalse(group.toString().contains("secret"), group.toString());
        assertFalse(group.toString().contains("Hola"), group.toString());
        assertThrows(IllegalArgumentException.class, () -> new SendGroup(List.of()));
    }
}
