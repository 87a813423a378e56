package com.nrsconnector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RequestBodiesTest {

    private final RequestBodies bodies = new RequestBodies();

    @Test
    void validUtf8IsDecodedAsIs() {
        String text = "{\"text\":\"Olá 😀 €\"}";
        assertEquals(text, bodies.utf8(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals("", bodies.utf8(new byte[0]));
        assertEquals("", bodies.utf8(null));
    }

    @Test
    void invalidUtf8IsA400NamingTheBody() {
        for (byte[] bad :
                new byte[][] {{(byte) 0xff, (byte) 0xfe}, {'{', (byte) 0xc3}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}
                }) {
            RequestRejectedException e = assertThrows(RequestRejectedException.class, () -> bodies.utf8(bad));
            assertEquals(400, e.status());
            assertEquals("body", e.field());
        }
    }
}
