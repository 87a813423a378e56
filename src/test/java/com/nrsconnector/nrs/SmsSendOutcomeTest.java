package com.nrsconnector.nrs;

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

/** Which failures prove 360nrs cannot have taken the message (retry) and which leave it open (never resend). */
class SmsSendOutcomeTest {

    @Test
    void failuresBeforeAnythingReached360nrsMayBeRetried() {
        assertTrue(SmsSendOutcome.provesNotAccepted(new ConnectException("Connection refused")));
        assertTrue(SmsSendOutcome.provesNotAccepted(new RuntimeCamelException(new UnknownHostException("nrs"))));
        assertTrue(SmsSendOutcome.provesNotAccepted(new ConnectTimeoutException("connect timed out")));
        assertTrue(SmsSendOutcome.provesNotAccepted(new TransientProviderException("HTTP 503", false)));
        assertTrue(SmsSendOutcome.provesNotAccepted(new RuntimeCamelException(new TransientProviderException("HTTP 429", false))));
    }

    @Test
    void failuresAfterTheRequestWentOutAreNeverRetried() {
        assertFalse(SmsSendOutcome.provesNotAccepted(new RuntimeCamelException(new SocketTimeoutException("Read timed out"))));
        assertFalse(SmsSendOutcome.provesNotAccepted(new NoHttpResponseException("failed to respond")));
        assertFalse(SmsSendOutcome.provesNotAccepted(new SocketException("Connection reset")));
        assertFalse(SmsSendOutcome.provesNotAccepted(new IOException("Broken pipe")));
        assertFalse(SmsSendOutcome.provesNotAccepted(new TransientProviderException("HTTP 504", true)));
        assertFalse(SmsSendOutcome.provesNotAccepted(new IllegalStateException("recording failed")));
        assertFalse(SmsSendOutcome.provesNotAccepted(null));
    }
}
