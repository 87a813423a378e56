package com.nrsconnector.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import org.apache.camel.RuntimeCamelException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

import com.nrsconnector.messaging.Channel;
import com.nrsconnector.nrs.TransientProviderException;

/** Which failures prove 360nrs cannot have taken the message (retry) and which leave it open (never resend). */
class SendOutcomeTest {

    @Test
    void aDeadLetterNamesThe360nrsCallOfItsChannel() {
        assertEquals("360nrs POST /sms", SendOutcome.endpoint(Channel.SMS));
        assertEquals("360nrs POST /voice", SendOutcome.endpoint(Channel.VOICE));
    }

    @Test
    void failuresBeforeAnythingReached360nrsMayBeRetried() {
        assertTrue(SendOutcome.provesNotAccepted(new ConnectException("Connection refused")));
        assertTrue(SendOutcome.provesNotAccepted(new RuntimeCamelException(new UnknownHostException("nrs"))));
        assertTrue(SendOutcome.provesNotAccepted(new ConnectTimeoutException("connect timed out")));
        assertTrue(SendOutcome.provesNotAccepted(new TransientProviderException("HTTP 503", false)));
        assertTrue(SendOutcome.provesNotAccepted(
                new RuntimeCamelException(new TransientProviderException("HTTP 429", false))));
    }

    @Test
    void failuresAfterTheRequestWentOutAreNeverRetried() {
        assertFalse(
                SendOutcome.provesNotAccepted(new RuntimeCamelException(new SocketTimeoutException("Read timed out"))));
        assertFalse(SendOutcome.provesNotAccepted(new NoHttpResponseException("failed to respond")));
        assertFalse(SendOutcome.provesNotAccepted(new SocketException("Connection reset")));
        assertFalse(SendOutcome.provesNotAccepted(new IOException("Broken pipe")));
        assertFalse(SendOutcome.provesNotAccepted(new TransientProviderException("HTTP 504", true)));
        assertFalse(SendOutcome.provesNotAccepted(new IllegalStateException("recording failed")));
        assertFalse(SendOutcome.provesNotAccepted(null));
    }
}
