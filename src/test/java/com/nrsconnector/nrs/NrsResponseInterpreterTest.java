package com.nrsconnector.nrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

class NrsResponseInterpreterTest {

    private static final String TO = "34600000001";
    private static final String OTHER = "34600000002";

    private NrsResponseInterpreter interpreter;

    @BeforeEach
    void setUp() {
        interpreter = new NrsResponseInterpreter();
        interpreter.json = new ObjectMapper();
    }

    private NrsSendResult interpret(int status, String body) {
        return interpreter.read(status, body, List.of(TO)).of(0);
    }

    private TransientProviderException transientFailure(int status, String body) {
        return assertThrows(TransientProviderException.class, () -> interpret(status, body));
    }

    @Test
    void acceptedWithIdIsSent() {
        NrsSendResult result = interpret(
                202, "{\"result\":[{\"accepted\":true,\"to\":\"34600000001\",\"id\":\"a1b2c3\"}],\"sendingId\":555}");

        assertTrue(result.accepted());
        assertEquals("a1b2c3", result.providerMessageId());
        assertNull(result.errorCode());
        assertNull(result.errorDescription());
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 207})
    void everySuccessStatusWithAResultIsRead(int status) {
        NrsSendResult result =
                interpret(status, "{\"result\":[{\"accepted\":true,\"to\":\"34600000001\",\"id\":\"x9\"}]}");
        assertTrue(result.accepted());
        assertEquals("x9", result.providerMessageId());
    }

    @Test
    void multiStatusPicksTheRecipientMatchingTo() {
        String body = "{\"result\":["
                + "{\"accepted\":false,\"to\":\"" + OTHER
                + "\",\"error\":{\"code\":102,\"description\":\"Invalid number\"}},"
                + "{\"accepted\":true,\"to\":\"34600000001\",\"id\":\"mine\"}],\"sendingId\":777}";

        NrsSendResult result = interpret(207, body);

        assertTrue(result.accepted());
        assertEquals("mine", result.providerMessageId());
    }

    @Test
    void multiStatusReportsTheMatchingRecipientsRefusalEvenWhenAnotherWasAccepted() {
        String body = "{\"result\":["
                + "{\"accepted\":true,\"to\":\"" + OTHER + "\",\"id\":\"theirs\"},"
                + "{\"accepted\":false,\"to\":\"34600000001\",\"error\":{\"code\":102,\"description\":\"Invalid number\"}}]}";

        NrsSendResult result = interpret(207, body);

        assertFalse(result.accepted());
        assertNull(result.providerMessageId());
        assertEquals(102, result.errorCode());
        assertEquals("Invalid number", result.errorDescription());
    }

    @Test
    void severalResultsNoneNamingTheRecipientLeaveItsOutcomeUnknownNeverTakenFromAnotherRecipient() {
        String body = "{\"result\":[{\"accepted\":true,\"to\":\"" + OTHER + "\",\"id\":\"first\"},"
                + "{\"accepted\":false,\"to\":\"34600000999\"}]}";
        NrsSendResult result = interpret(207, body);
        assertFalse(result.accepted());
        assertTrue(result.outcomeUnknown(), "it may have been accepted: never requested again");
        assertTrue(result.reason().contains("without a result for " + TO), result.reason());
    }

    @Test
    void aSingleResultIsThisRecipientsEvenWithoutTo() {
        assertEquals(
                "only",
                interpret(202, "{\"result\":[{\"accepted\":true,\"id\":\"only\"}]}")
                        .providerMessageId());
    }

    // Requests with several recipients: each mapped to its own result.

    @Test
    void eachRecipientGetsTheResultNamingItsNumberWhateverTheOrder() {
        String body = "{\"sendingId\":5,\"result\":["
                + "{\"accepted\":false,\"to\":\"34600000003\",\"error\":{\"code\":102,\"description\":\"No valid recipients\"}},"
                + "{\"accepted\":true,\"to\":\"+34 600 000 002\",\"id\":\"b\"},"
                + "{\"accepted\":true,\"to\":\"34600000001\",\"id\":\"a\"}]}";

        NrsRequestResult result = interpreter.read(207, body, List.of(TO, OTHER, "34600000003"));

        assertEquals(207, result.status());
        assertEquals("a", result.of(0).providerMessageId());
        assertEquals("b", result.of(1).providerMessageId(), "numbers compared by their digits");
        assertFalse(result.of(2).accepted());
        assertFalse(result.of(2).outcomeUnknown());
        assertEquals(
                "360nrs refused the message (error 102): No valid recipients",
                result.of(2).reason());
    }

    @Test
    void resultsWithoutNumbersGoByPosition() {
        String body = "{\"result\":[{\"accepted\":true,\"id\":\"first\"},"
                + "{\"accepted\":false,\"error\":{\"code\":102,\"description\":\"Invalid\"}}]}";

        NrsRequestResult result = interpreter.read(207, body, List.of(TO, OTHER));

        assertEquals("first", result.of(0).providerMessageId());
        assertEquals(102, result.of(1).errorCode());
    }

    @Test
    void aRecipientMissingFromTheResultsIsUnknownAndTheOthersKeepTheirs() {
        String body = "{\"result\":[{\"accepted\":true,\"to\":\"" + OTHER + "\",\"id\":\"b\"}]}";

        NrsRequestResult result = interpreter.read(202, body, List.of(TO, OTHER, "34600000010"));

        assertTrue(result.of(0).outcomeUnknown());
        assertTrue(
                result.of(0).reason().contains("without a result for " + TO),
                result.of(0).reason());
        assertEquals("b", result.of(1).providerMessageId());
        assertTrue(result.of(2).outcomeUnknown());
        assertEquals(2, result.count(NrsSendResult::outcomeUnknown));
    }

    @Test
    void aResultNamingAnotherNumberIsNotTakenByPosition() {
        String body = "{\"result\":[{\"accepted\":true,\"to\":\"34600000999\",\"id\":\"x\"},"
                + "{\"accepted\":true,\"to\":\"" + OTHER + "\",\"id\":\"b\"}]}";

        NrsRequestResult result = interpreter.read(202, body, List.of(TO, OTHER));

        assertTrue(result.of(0).outcomeUnknown());
        assertEquals("b", result.of(1).providerMessageId());
    }

    @Test
    void acceptedRecipientsWithoutIdsShareTheSendingId() {
        String body = "{\"sendingId\":777,\"result\":[{\"accepted\":true,\"to\":\"" + TO + "\"},"
                + "{\"accepted\":true,\"to\":\"" + OTHER + "\",\"id\":\"own\"}]}";
        NrsRequestResult result = interpreter.read(202, body, List.of(TO, OTHER));
        assertEquals("777", result.of(0).providerMessageId());
        assertEquals("own", result.of(1).providerMessageId());
    }

    @Test
    void aRequestLevelRefusalRefusesEveryRecipientWithItsReason() {
        NrsRequestResult result = interpreter.read(
                402, "{\"error\":{\"code\":111,\"description\":\"Not enough credits\"}}", List.of(TO, OTHER));
        assertEquals(2, result.results().size());
        for (NrsSendResult each : result.results()) {
            assertFalse(each.accepted());
            assertFalse(each.outcomeUnknown());
            assertEquals("360nrs refused the message (error 111): Not enough credits", each.reason());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 503, 504})
    void aTransientAnswerConcernsTheWholeRequest(int status) {
        TransientProviderException e = assertThrows(
                TransientProviderException.class, () -> interpreter.read(status, "{}", List.of(TO, OTHER)));
        assertEquals(status == 504, e.mayHaveBeenAccepted());
    }

    @Test
    void acceptedWithoutIdFallsBackToSendingId() {
        NrsSendResult result =
                interpret(202, "{\"result\":[{\"accepted\":true,\"to\":\"34600000001\"}],\"sendingId\":98765}");
        assertTrue(result.accepted());
        assertEquals("98765", result.providerMessageId());
    }

    @Test
    void acceptedWithBlankIdFallsBackToSendingId() {
        NrsSendResult result = interpret(
                202, "{\"result\":[{\"accepted\":true,\"to\":\"34600000001\",\"id\":\" \"}],\"sendingId\":\"s-42\"}");
        assertEquals("s-42", result.providerMessageId());
    }

    @Test
    void acceptedWithoutAnyIdIsStillSent() {
        NrsSendResult result = interpret(202, "{\"result\":[{\"accepted\":true}]}");
        assertTrue(result.accepted());
        assertNull(result.providerMessageId());
    }

    @Test
    void notAcceptedRecipientIsRefusedWithTheProviderError() {
        NrsSendResult result = interpret(
                202,
                "{\"result\":[{\"accepted\":false,\"to\":\"34600000001\","
                        + "\"error\":{\"code\":102,\"description\":\"Invalid phone number\"}}]}");

        assertFalse(result.accepted());
        assertEquals(102, result.errorCode());
        assertEquals("Invalid phone number", result.errorDescription());
        assertEquals("360nrs refused the message (error 102): Invalid phone number", result.reason());
    }

    @Test
    void notAcceptedRecipientWithoutErrorDetailsStillHasAReason() {
        NrsSendResult result = interpret(202, "{\"result\":[{\"accepted\":false,\"to\":\"34600000001\"}]}");
        assertFalse(result.accepted());
        assertNull(result.errorCode());
        assertEquals("recipient not accepted", result.errorDescription());
        assertTrue(result.reason().contains("recipient not accepted"));
    }

    @Test
    void resultWithoutAcceptedFlagIsRefused() {
        assertFalse(interpret(202, "{\"result\":[{\"to\":\"34600000001\",\"id\":\"x\"}]}")
                .accepted());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "400|101|Invalid phone number",
                "400|104|Message text too long",
                "401|401|Invalid credentials",
                "402|402|Insufficient credit"
            })
    void clientErrorsAreRefusedWithCodeAndDescription(int status, int code, String description) {
        NrsSendResult result =
                interpret(status, "{\"error\":{\"code\":" + code + ",\"description\":\"" + description + "\"}}");

        assertFalse(result.accepted());
        assertNull(result.providerMessageId());
        assertEquals(code, result.errorCode());
        assertEquals(description, result.errorDescription());
        assertTrue(result.reason().contains(Integer.toString(code)), result.reason());
        assertTrue(result.reason().contains(description), result.reason());
    }

    @Test
    void clientErrorWithAnErrorCodeThatIsNotANumberKeepsOnlyTheDescription() {
        NrsSendResult result = interpret(400, "{\"error\":{\"code\":\"E1\",\"description\":\"Bad sender\"}}");
        assertNull(result.errorCode());
        assertEquals("360nrs refused the message: Bad sender", result.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bad Request", "<html><body>Unauthorized</body></html>", "{\"message\":\"nope\"}"})
    void clientErrorWithoutAnErrorObjectIsRefusedWithTheStatusAndBody(String body) {
        NrsSendResult result = interpret(400, body);

        assertFalse(result.accepted());
        assertNull(result.errorCode());
        assertEquals("HTTP 400 " + body, result.errorDescription());
        assertTrue(result.reason().contains("HTTP 400"), result.reason());
        assertTrue(result.reason().contains(body), result.reason());
    }

    @ParameterizedTest
    @NullAndEmptySource
    void clientErrorWithoutABodyIsRefusedWithTheStatus(String body) {
        NrsSendResult result = interpret(401, body);
        assertFalse(result.accepted());
        assertTrue(result.reason().contains("HTTP 401"), result.reason());
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503, 504})
    void throttlingAndServerErrorsAreTransient(int status) {
        TransientProviderException e = transientFailure(status, "{\"error\":{\"code\":999,\"description\":\"busy\"}}");
        assertTrue(e.getMessage().contains("HTTP " + status), e.getMessage());
        assertTrue(e.getMessage().contains("busy"), e.getMessage());
        // A gateway timeout leaves open whether 360nrs took the message; the others prove it did not.
        assertEquals(status == 504, e.mayHaveBeenAccepted());
    }

    @Test
    void noResponseAtAllIsTransient() {
        TransientProviderException e = transientFailure(0, null);
        assertTrue(e.getMessage().contains("HTTP 0"), e.getMessage());
        assertTrue(e.mayHaveBeenAccepted());
    }

    @Test
    void longBodiesAreAbbreviatedInTheTransientMessage() {
        String body = "x".repeat(1000);
        TransientProviderException e = transientFailure(503, body);
        assertTrue(e.getMessage().endsWith("x".repeat(300) + "..."), e.getMessage());
        assertFalse(e.getMessage().contains("x".repeat(301)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"{}", "{\"sendingId\":1}", "{\"result\":[]}", "{\"result\":{\"accepted\":true}}", "not json", ""
            })
    void successStatusWithoutAResultListIsTransient(String body) {
        TransientProviderException e = transientFailure(202, body);
        assertTrue(e.getMessage().contains("without a result list"), e.getMessage());
        assertTrue(e.mayHaveBeenAccepted(), "a success status may mean it was accepted: never resent");
    }
}
