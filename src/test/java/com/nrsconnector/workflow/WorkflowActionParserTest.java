package com.nrsconnector.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nrsconnector.api.RequestRejectedException;

class WorkflowActionParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEND_SMS = WorkflowActionParser.SEND_SMS;

    private final WorkflowActionParser parser = new WorkflowActionParser(JSON, Map.of("es_ES", List.of("F", "M")));

    private static ObjectNode payload() {
        ObjectNode root = JSON.createObjectNode();
        root.put("callbackId", "ap-102-5-1001-7");
        ObjectNode origin = root.putObject("origin");
        origin.put("portalId", 62515);
        origin.put("actionDefinitionId", 1);
        root.putObject("context").put("source", "WORKFLOWS").put("workflowId", 7);
        ObjectNode object = root.putObject("object");
        object.put("objectId", 1001);
        object.put("objectType", "CONTACT");
        object.putObject("properties").put("mobilephone", "+34612345678").put("firstname", "Ana");
        root.putObject("inputFields").put("sender", "ACME").put("message", "Hola {{contact.firstname}}");
        return root;
    }

    private static String payload(Consumer<ObjectNode> change) {
        ObjectNode root = payload();
        change.accept(root);
        return root.toString();
    }

    private static ObjectNode object(ObjectNode root) {
        return (ObjectNode) root.get("object");
    }

    private static ObjectNode inputs(ObjectNode root) {
        return (ObjectNode) root.get("inputFields");
    }

    private WorkflowActionRequest parse(String body) {
        return parser.parseSendSms(body);
    }

    private RequestRejectedException rejected(String body, String field) {
        RequestRejectedException e = assertThrows(RequestRejectedException.class, () -> parse(body));
        assertEquals(400, e.status(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "the refusal must say what is wrong");
        return e;
    }

    private RequestRejectedException rejectedInput(String field, String value) {
        return rejected(payload(root -> inputs(root).put(field, value)), "inputFields." + field);
    }

    private Map<String, String> acceptedInputs(String field, String value) {
        return parse(payload(root -> inputs(root).put(field, value))).inputFields();
    }

    @Test
    void validPayloadIsReadIntoTheRequest() {
        String body = payload().toString();
        WorkflowActionRequest request = parse(body);

        assertEquals("ap-102-5-1001-7", request.callbackId());
        assertEquals(62515L, request.portalId());
        assertEquals(SEND_SMS, request.actionType());
        assertEquals("CONTACT", request.objectType());
        assertEquals("1001", request.objectId());
        assertEquals(Map.of("mobilephone", "+34612345678", "firstname", "Ana"), request.objectProperties());
        assertEquals(Map.of("sender", "ACME", "message", "Hola {{contact.firstname}}"), request.inputFields());
        assertEquals(body, request.rawPayload());
    }

    @Test
    void unknownExtraFieldsAreTolerated() {
        WorkflowActionRequest request = parse(payload(root -> {
            root.put("somethingNew", "x");
            root.putObject("future").put("nested", true);
            ((ObjectNode) root.get("origin")).put("extensionDefinitionVersionId", 3);
            object(root).put("objectTypeId", "0-1");
        }));
        assertEquals("ap-102-5-1001-7", request.callbackId());
    }

    @Test
    void nullPropertyAndInputValuesBecomeEmptyStrings() {
        WorkflowActionRequest request = parse(payload(root -> {
            ((ObjectNode) object(root).get("properties")).putNull("lastname");
            inputs(root).putNull("country");
        }));
        assertEquals("", request.objectProperties().get("lastname"));
        assertTrue(request.objectProperties().containsKey("lastname"));
        assertEquals("", request.inputFields().get("country"));
    }

    @Test
    void numberAndBooleanValuesAreReadAsText() {
        WorkflowActionRequest request = parse(payload(root -> {
            ((ObjectNode) object(root).get("properties")).put("age", 42).put("vip", true);
            inputs(root).put("shortenUrls", true);
        }));
        assertEquals("42", request.objectProperties().get("age"));
        assertEquals("true", request.objectProperties().get("vip"));
        assertEquals("true", request.inputFields().get("shortenUrls"));
    }

    @Test
    void missingOrNullPropertiesGiveAnEmptyMap() {
        assertEquals(
                Map.of(),
                parse(payload(root -> object(root).remove("properties"))).objectProperties());
        assertEquals(
                Map.of(),
                parse(payload(root -> object(root).putNull("properties"))).objectProperties());
    }

    @Test
    void lowerCaseContactObjectTypeIsAcceptedAndNormalised() {
        assertEquals(
                "CONTACT",
                parse(payload(root -> object(root).put("objectType", "contact")))
                        .objectType());
    }

    /** A voice call's payload: text-to-speech in a language the parser offers. */
    private static String voicePayload(Consumer<ObjectNode> inputs) {
        return payload(root -> {
            ObjectNode fields = root.putObject("inputFields");
            fields.put("locutionType", "TTS").put("language", "es_ES").put("text", "Hola {{contact.firstname}}");
            inputs.accept(fields);
        });
    }

    private static RequestRejectedException refused(Executable parse, String field) {
        RequestRejectedException e = assertThrows(RequestRejectedException.class, parse);
        assertEquals(400, e.status(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        return e;
    }

    @Test
    void aVoiceCallIsParsedAndItsInputsCheckedByOneCall() throws Exception {
        WorkflowActionRequest request = parser.parseSendVoice(voicePayload(fields -> fields.put("voice", "M")));
        assertEquals(WorkflowActionParser.SEND_VOICE, request.actionType());
        assertEquals("M", request.inputFields().get("voice"));
        refused(
                () -> parser.parseSendVoice(voicePayload(fields -> fields.remove("locutionType"))),
                "inputFields.locutionType");
        refused(
                () -> parser.parseSendVoice(voicePayload(fields -> fields.put("language", "xx_XX"))),
                "inputFields.language");
        refused(
                () -> parser.parseSendVoice(voicePayload(fields -> fields.put("caller", "ACME"))),
                "inputFields.caller");
        ObjectNode dealCall = (ObjectNode) JSON.readTree(voicePayload(fields -> {}));
        object(dealCall).put("objectType", "DEAL");
        RequestRejectedException deal = refused(() -> parser.parseSendVoice(dealCall.toString()), "object.objectType");
        assertTrue(deal.getMessage().contains("use a contact-based workflow"), deal.getMessage());
    }

    @Test
    void anInteractiveCallIsParsedAndItsKeysCheckedByOneCall() {
        WorkflowActionRequest request = parser.parseSendIvr(voicePayload(fields ->
                fields.put("key1Action", "REPEAT").put("key2Action", "TRANSFER").put("key2Value", "+34 612 345 678")));
        assertEquals(WorkflowActionParser.SEND_IVR, request.actionType());
        assertEquals("TRANSFER", request.inputFields().get("key2Action"));
        refused(
                () -> parser.parseSendIvr(voicePayload(fields -> fields.put("key2Action", "TRANSFER"))),
                "inputFields.key2Value");
        refused(
                () -> parser.parseSendIvr(voicePayload(fields -> fields.put("key3Action", "DANCE"))),
                "inputFields.key3Action");
        refused(
                () -> parser.parseSendIvr(voicePayload(fields -> fields.put("language", "xx_XX"))),
                "inputFields.language");
    }

    @Test
    void theSmsChecksAreNotAVoiceCallsAndTheVoiceChecksNotAnSmsOnes() {
        // A voice call has no sender or message; an SMS has no locution.
        assertEquals(
                WorkflowActionParser.SEND_VOICE,
                parser.parseSendVoice(voicePayload(fields -> {})).actionType());
        refused(() -> parser.parseSendSms(voicePayload(fields -> {})), "inputFields.sender");
        refused(() -> parser.parseSendVoice(payload().toString()), "inputFields.locutionType");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\n"})
    void emptyBodyIsRefused(String body) {
        assertTrue(rejected(body, "body").getMessage().contains("empty"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"callbackId\":", "{'callbackId':'x'}", "<xml/>"})
    void bodyThatIsNotJsonIsRefused(String body) {
        assertTrue(rejected(body, "body").getMessage().contains("not valid JSON"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"callbackId\":\"x\"}]", "\"text\"", "42", "null", "true"})
    void bodyThatIsNotAJsonObjectIsRefused(String body) {
        assertTrue(rejected(body, "body").getMessage().contains("must be a JSON object"));
    }

    @Test
    void missingCallbackIdIsRefused() {
        rejected(payload(root -> root.remove("callbackId")), "callbackId");
    }

    @Test
    void nullBlankOrStructuredCallbackIdIsRefused() {
        rejected(payload(root -> root.putNull("callbackId")), "callbackId");
        rejected(payload(root -> root.put("callbackId", "  ")), "callbackId");
        rejected(payload(root -> root.putObject("callbackId")), "callbackId");
        rejected(payload(root -> root.putArray("callbackId").add("x")), "callbackId");
    }

    @Test
    void missingOriginIsRefused() {
        rejected(payload(root -> root.remove("origin")), "origin");
        rejected(payload(root -> root.put("origin", "62515")), "origin");
    }

    @Test
    void missingPortalIdIsRefused() {
        rejected(payload(root -> ((ObjectNode) root.get("origin")).remove("portalId")), "origin.portalId");
        rejected(payload(root -> ((ObjectNode) root.get("origin")).putNull("portalId")), "origin.portalId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "\"\"", "true", "{}", "[62515]", "1e30"})
    void nonNumericPortalIdIsRefused(String portalId) {
        String body = payload().toString().replace("\"portalId\":62515", "\"portalId\":" + portalId);
        assertTrue(rejected(body, "origin.portalId").getMessage().contains("positive number"));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, -62515})
    void zeroOrNegativePortalIdIsRefused(long portalId) {
        rejected(payload(root -> ((ObjectNode) root.get("origin")).put("portalId", portalId)), "origin.portalId");
    }

    @Test
    void missingObjectIsRefused() {
        rejected(payload(root -> root.remove("object")), "object");
        rejected(payload(root -> root.putArray("object")), "object");
    }

    @Test
    void missingObjectIdIsRefused() {
        rejected(payload(root -> object(root).remove("objectId")), "object.objectId");
        rejected(payload(root -> object(root).putNull("objectId")), "object.objectId");
        rejected(payload(root -> object(root).put("objectId", " ")), "object.objectId");
    }

    @Test
    void missingObjectTypeIsRefused() {
        rejected(payload(root -> object(root).remove("objectType")), "object.objectType");
        rejected(payload(root -> object(root).put("objectType", "")), "object.objectType");
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMPANY", "company", "TICKET"})
    void objectTypesOtherThanContactAndDealAreRefused(String objectType) {
        RequestRejectedException e =
                rejected(payload(root -> object(root).put("objectType", objectType)), "object.objectType");
        assertTrue(e.getMessage().contains(objectType.toUpperCase()), e.getMessage());
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEAL", "deal"})
    void dealBasedExecutionsAreAccepted(String objectType) {
        WorkflowActionRequest request = parse(payload(root -> object(root).put("objectType", objectType)));
        assertEquals("DEAL", request.objectType());
    }

    @Test
    void propertiesThatAreNotAnObjectAreRefused() {
        rejected(payload(root -> object(root).putArray("properties").add("x")), "object.properties");
        rejected(payload(root -> object(root).put("properties", "mobilephone")), "object.properties");
    }

    @Test
    void propertyValueThatIsAnObjectOrArrayIsRefused() {
        RequestRejectedException e = rejected(
                payload(root -> ((ObjectNode) object(root).get("properties"))
                        .putObject("firstname")
                        .put("value", "Ana")),
                "object.properties.firstname");
        assertTrue(e.getMessage().contains("must be a string, number or boolean"), e.getMessage());
        rejected(
                payload(root -> ((ObjectNode) object(root).get("properties"))
                        .putArray("tags")
                        .add("a")),
                "object.properties.tags");
    }

    @Test
    void inputFieldValueThatIsAnObjectIsRefused() {
        rejected(payload(root -> inputs(root).putObject("message").put("text", "hi")), "inputFields.message");
    }

    @Test
    void missingInputFieldsIsRefused() {
        rejected(payload(root -> root.remove("inputFields")), "inputFields");
        rejected(payload(root -> root.putNull("inputFields")), "inputFields");
        rejected(payload(root -> root.putArray("inputFields")), "inputFields");
        rejected(payload(root -> root.put("inputFields", "sender=ACME")), "inputFields");
    }

    @Test
    void missingSenderIsRefused() {
        RequestRejectedException e = rejected(payload(root -> inputs(root).remove("sender")), "inputFields.sender");
        assertTrue(e.getMessage().contains("required"), e.getMessage());
        rejectedInput("sender", "   ");
        rejected(payload(root -> inputs(root).putNull("sender")), "inputFields.sender");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACMESHOPNEWS", "ABCDEFGHIJKLMNOP"})
    void senderWithMoreThanElevenLettersIsRefused(String sender) {
        RequestRejectedException e = rejectedInput("sender", sender);
        assertTrue(e.getMessage().contains("up to 11 letters"), e.getMessage());
        assertTrue(e.getMessage().contains(sender), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456", "+1234567890123456", "34600000000000000000"})
    void senderWithMoreThanFifteenDigitsIsRefused(String sender) {
        assertTrue(rejectedInput("sender", sender).getMessage().contains("up to 15 digits"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACME-SHOP", "Acme.Shop", "ACME!", "café", "+ACME", "34 600-000", "ACME_1", "+"})
    void senderWithPunctuationOrOtherCharactersIsRefused(String sender) {
        rejectedInput("sender", sender);
    }

    @Test
    void senderOfTwelveLettersAndDigitsIsRefused() {
        rejectedInput("sender", "ACME12345678");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ACMESHOPNEW",
                "A",
                "Acme Shop",
                "ACME2024",
                "12345678901",
                "123456789012",
                "123456789012345",
                "+34600000001",
                "+123456789012345",
                "  ACME  "
            })
    void validSendersAreAccepted(String sender) {
        assertEquals(sender, acceptedInputs("sender", sender).get("sender"));
    }

    @Test
    void missingOrBlankMessageIsRefused() {
        RequestRejectedException e = rejected(payload(root -> inputs(root).remove("message")), "inputFields.message");
        assertTrue(e.getMessage().contains("required"), e.getMessage());
        rejectedInput("message", "");
        rejectedInput("message", " \t\n ");
        rejected(payload(root -> inputs(root).putNull("message")), "inputFields.message");
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "ZZ", "ESP", "Spain", "E", "34"})
    void unknownCountryIsRefused(String country) {
        RequestRejectedException e = rejectedInput("country", country);
        assertTrue(e.getMessage().contains("ISO 3166"), e.getMessage());
        assertTrue(e.getMessage().contains(country), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES", "es", " es ", "FR", "us", ""})
    void knownOrEmptyCountryIsAccepted(String country) {
        assertEquals(country, acceptedInputs("country", country).get("country"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "yes", "1", "0", "on"})
    void shortenUrlsThatIsNotABooleanIsRefused(String value) {
        RequestRejectedException e = rejectedInput("shortenUrls", value);
        assertTrue(e.getMessage().contains("true or false"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "TRUE", " False ", ""})
    void shortenUrlsBooleanOrEmptyIsAccepted(String value) {
        assertEquals(value, acceptedInputs("shortenUrls", value).get("shortenUrls"));
    }

    @Test
    void sendSmsInputIsBuiltFromTheValidatedFields() {
        Map<String, String> fields = parse(payload(root -> inputs(root)
                        .put("country", " es ")
                        .put("shortenUrls", "true")
                        .put("campaignName", " Spring sale ")
                        .put("utmSource", "hubspot")
                        .put("utmMedium", "sms")
                        .put("utmCampaign", " ")
                        .put("utmTerm", "")
                        .put("utmContent", "v1")))
                .inputFields();

        SendSmsInput input = SendSmsInput.from(fields);

        assertEquals("ACME", input.sender());
        assertEquals("Hola {{contact.firstname}}", input.message());
        assertEquals("es", input.country());
        assertTrue(input.shortenUrls());
        assertEquals("Spring sale", input.campaignName());
        assertEquals("hubspot", input.utmSource());
        assertEquals("sms", input.utmMedium());
        assertNull(input.utmCampaign());
        assertNull(input.utmTerm());
        assertEquals("v1", input.utmContent());
    }

    @Test
    void sendSmsInputDefaultsOptionalFields() {
        SendSmsInput input = SendSmsInput.from(Map.of("sender", "ACME", "message", "hi"));

        assertNull(input.country());
        assertFalse(input.shortenUrls());
        assertNull(input.campaignName());
        assertNull(input.utmSource());
        assertNull(input.utmMedium());
        assertNull(input.utmCampaign());
        assertNull(input.utmTerm());
        assertNull(input.utmContent());
    }

    @Test
    void shortenUrlsAcceptedWithSurroundingSpacesIsReadAsTrue() {
        Map<String, String> fields = acceptedInputs("shortenUrls", " true ");
        assertTrue(SendSmsInput.from(fields).shortenUrls());
    }

    @Test
    void sendSmsInputReadsShortenUrlsCaseInsensitively() {
        assertTrue(SendSmsInput.from(Map.of("shortenUrls", "TRUE")).shortenUrls());
        assertFalse(SendSmsInput.from(Map.of("shortenUrls", "false")).shortenUrls());
        assertFalse(SendSmsInput.from(Map.of("shortenUrls", "")).shortenUrls());
    }

    // --- Everything stored is checked at the door: lengths, NUL and control characters, token syntax ---

    @Test
    void callbackIdOfUpTo255CharactersIsAcceptedAndLongerIsRefused() {
        assertEquals(
                "c".repeat(255),
                parse(payload(root -> root.put("callbackId", "c".repeat(255)))).callbackId());
        RequestRejectedException e = rejected(payload(root -> root.put("callbackId", "c".repeat(256))), "callbackId");
        assertTrue(e.getMessage().contains("at most 255"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab\u0000c", "ab\nc", "ab\rc", "ab\tc", "ab\u001bc", "ab\u007fc", "ab\u0085c"})
    void callbackIdWithNulOrControlCharactersIsRefused(String callbackId) {
        RequestRejectedException e = rejected(payload(root -> root.put("callbackId", callbackId)), "callbackId");
        assertTrue(e.getMessage().contains("NUL") || e.getMessage().contains("control character"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1001", "\"1001\"", "\"0123456789012345678901234567890123456789012345678901234567890123\""})
    void objectIdAsNumberOrDigitsIsAccepted(String objectId) {
        String body = payload().toString().replace("\"objectId\":1001", "\"objectId\":" + objectId);
        assertEquals(objectId.replace("\"", ""), parse(body).objectId());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"abc\"",
                "\"10 01\"",
                "\"1001\\u0000\"",
                "-5",
                "10.5",
                "true",
                "[1001]",
                "{}",
                "\"01234567890123456789012345678901234567890123456789012345678901234\""
            })
    void objectIdThatIsNotDigitsOrLongerThan64IsRefused(String objectId) {
        String body = payload().toString().replace("\"objectId\":1001", "\"objectId\":" + objectId);
        assertTrue(rejected(body, "object.objectId").getMessage().contains("digits"));
    }

    @Test
    void senderPaddedWithSpacesIsStoredTrimmed() {
        SendSmsInput input = SendSmsInput.from(acceptedInputs("sender", "   ACME   "));
        assertEquals("ACME", input.sender());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\nACME",
                "ACME\t",
                "AC\u0000ME",
                "\rACME"
            })
    void senderWithControlCharactersIsRefusedEvenWhereTrimmingWouldRemoveThem(String sender) {
        assertTrue(rejectedInput("sender", sender).getMessage().contains("character"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Hola\nAna",
                "Línea 1\r\nLínea 2\tfin",
                "Oferta {UNSUB_URL} {CODE}",
                "{ {contact.x}",
                "Hi {{contact.first_name}} {{ contact.lastname }}",
                "{{\tcontact.city\t}}",
                "😀 ok",
                "}} and {"
            })
    void messageWithLineBreaksTabsAndWellFormedTokensIsAccepted(String message) {
        assertEquals(message, acceptedInputs("message", message).get("message"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hola\u0000", "Hola\u0007Ana", "Hola\u001b[31m", "Hola\u007f", "Hola \ud83d Ana"})
    void messageWithNulOrOtherControlCharactersIsRefused(String message) {
        rejectedInput("message", message);
    }

    @Test
    void messageOfUpTo5000CharactersIsAcceptedAndLongerIsRefused() {
        acceptedInputs("message", "a".repeat(5000));
        assertTrue(rejectedInput("message", "a".repeat(5001)).getMessage().contains("at most 5000"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Hola {{contact.}}",
                "Hola {{ firstname }}",
                "Hola {{firstname}}",
                "Hola {{contact.x",
                "Hola {{contact.first-name}}",
                "Hola {{contact.a b}}",
                "Hola {{{contact.x}}}",
                "{{contact.ok}} {{",
                "Hola {{CONTACT.x}}",
                "Hola {{contact.x}"
            })
    void malformedContactTokenIsRefusedNamingTheToken(String message) {
        RequestRejectedException e = rejectedInput("message", message);
        assertTrue(e.getMessage().contains("malformed contact token"), e.getMessage());
        assertTrue(e.getMessage().contains("{{contact.<property>}}"), e.getMessage());
    }

    @Test
    void malformedTokenRefusalQuotesTheTokenAndWhereItIs() {
        RequestRejectedException e = rejectedInput("message", "Hola {{contact.ok}}, {{ firstname }} y más");
        assertTrue(e.getMessage().contains("'{{ firstname }}' at character 22"), e.getMessage());
        RequestRejectedException unclosed = rejectedInput("message", "Hola {{contact.x\nsegunda línea }}");
        assertTrue(unclosed.getMessage().contains("'{{contact.x'"), unclosed.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"campaignName", "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent"})
    void campaignAndUtmFieldsAreLimitedTo255CharactersWithoutControlCharacters(String field) {
        assertEquals("x".repeat(255), acceptedInputs(field, "x".repeat(255)).get(field));
        assertTrue(rejectedInput(field, "x".repeat(256)).getMessage().contains("at most 255"));
        rejectedInput(field, "spring\u0000sale");
        rejectedInput(field, "spring\nsale");
    }

    @ParameterizedTest
    @ValueSource(strings = {"country", "shortenUrls"})
    void countryAndShortenUrlsWithNulAreRefused(String field) {
        rejectedInput(field, field.equals("country") ? "ES\u0000" : "true\u0000");
    }

    @Test
    void unknownInputFieldsAreToleratedButCheckedLikeTheOthers() {
        assertEquals("v\nw", acceptedInputs("somethingNew", "v\nw").get("somethingNew"));
        rejectedInput("somethingNew", "v\u0000w");
        rejectedInput("somethingNew", "v\u0002w");
        rejectedInput("somethingNew", "v".repeat(5001));
        rejected(payload(root -> inputs(root).put("bad\nname", "x")), "inputFields");
        rejected(payload(root -> inputs(root).put("n".repeat(101), "x")), "inputFields");
    }

    @Test
    void everyActionKindGetsTheCharacterChecks() {
        String body = voicePayload(fields -> fields.put("x", "a\u0000"));
        refused(() -> parser.parseSendSms(body), "inputFields.x");
        refused(() -> parser.parseSendVoice(body), "inputFields.x");
        refused(() -> parser.parseSendIvr(body), "inputFields.x");
    }

    @Test
    void propertyValuesMayHoldLineBreaksButNoNulOrControlCharacters() {
        WorkflowActionRequest request = parse(payload(root -> properties(root).put("address", "Calle 1\r\n\t2º")));
        assertEquals("Calle 1\r\n\t2º", request.objectProperties().get("address"));
        rejected(payload(root -> properties(root).put("firstname", "Ana\u0000")), "object.properties.firstname");
        rejected(payload(root -> properties(root).put("firstname", "Ana\u0008")), "object.properties.firstname");
    }

    @Test
    void propertyValuesAreLimitedTo65536Characters() {
        assertEquals(
                65_536,
                parse(payload(root -> properties(root).put("notes", "n".repeat(65_536))))
                        .objectProperties()
                        .get("notes")
                        .length());
        rejected(payload(root -> properties(root).put("notes", "n".repeat(65_537))), "object.properties.notes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"first-name", "first name", "", "nul\u0000", "ñame"})
    void propertyNamesOutsideLettersDigitsAndUnderscoreAreRefused(String name) {
        RequestRejectedException e = rejected(payload(root -> properties(root).put(name, "x")), "object.properties");
        assertTrue(e.getMessage().contains("letters, digits and _"), e.getMessage());
    }

    @Test
    void propertyNameOfUpTo100CharactersIsAccepted() {
        parse(payload(root -> properties(root).put("p".repeat(100), "x")));
        rejected(payload(root -> properties(root).put("p".repeat(101), "x")), "object.properties");
    }

    @Test
    void refusalsDoNotEchoControlCharactersOrWholeValues() {
        RequestRejectedException e = rejected(
                payload(root -> object(root).put("objectType", "DEAL\n" + "x".repeat(500))), "object.objectType");
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void bodyWithARawNulOrTrailingContentIsRefused() {
        rejected(payload().toString() + "\u0000", "body");
        rejected(payload().toString() + " {\"x\":1}", "body");
    }

    private static ObjectNode properties(ObjectNode root) {
        return (ObjectNode) object(root).get("properties");
    }
}
