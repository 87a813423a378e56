package com.nrsconnector.workflow;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.nrsconnector.api.RequestBodies;
import com.nrsconnector.api.RequestRejectedException;

/**
 * Reads and validates HubSpot's workflow-action execution payload. Every refusal is a 400 that names the field.
 * Unknown fields are tolerated: HubSpot adds fields over time.
 *
 * <p>Everything that is stored is checked here, before anything is stored: lengths against their columns, and no
 * NUL or control characters (PostgreSQL cannot store NUL in text, and line breaks in identifiers split log lines).
 */
public final class WorkflowActionParser {

    public static final String CONTACT = "CONTACT";
    public static final String DEAL = "DEAL";

    public static final String SEND_SMS = "SEND_SMS";

    /**
     * The input fields "Send SMS through 360NRS" reads, as its definition in the developer project declares them
     * (hubspot-app/src/app/workflow-actions/send-sms-hsmeta.json); other fields are tolerated and ignored.
     */
    public static final Set<String> SEND_SMS_INPUT_FIELDS = Set.of(
            SendSmsInput.SENDER,
            SendSmsInput.MESSAGE,
            SendSmsInput.COUNTRY,
            SendSmsInput.SHORTEN_URLS,
            SendSmsInput.CAMPAIGN_NAME,
            "utmSource",
            "utmMedium",
            "utmCampaign",
            "utmTerm",
            "utmContent",
            SendSmsInput.WAIT_FOR);
    /** The input fields the action cannot do without. */
    public static final Set<String> SEND_SMS_REQUIRED_FIELDS = Set.of(SendSmsInput.SENDER, SendSmsInput.MESSAGE);
    /** The workflow types the action runs in: contact-based, and deal-based (it sends to the deal's contacts). */
    public static final Set<String> SEND_SMS_OBJECT_TYPES = Set.of(CONTACT, DEAL);

    public static final String SEND_VOICE = "SEND_VOICE";

    /** The input fields "Send Voice Message through 360NRS" reads, as hubspot-app/.../send-voice-hsmeta.json declares. */
    public static final Set<String> SEND_VOICE_INPUT_FIELDS = Set.copyOf(SendVoiceInput.FIELDS);
    /** The one input field a voice action cannot do without (text or audio URL depend on it). */
    public static final Set<String> SEND_VOICE_REQUIRED_FIELDS = Set.of(SendVoiceInput.LOCUTION_TYPE);
    /** Voice calls are made from contact-based workflows only, as the seed says. */
    public static final Set<String> SEND_VOICE_OBJECT_TYPES = Set.of(CONTACT);

    public static final String SEND_IVR = "SEND_IVR";

    /** The input fields "Send Voice Interactive Message through 360NRS" reads: the voice ones, the keys', the prompt. */
    public static final Set<String> SEND_IVR_INPUT_FIELDS = ivrInputFields();

    public static final Set<String> SEND_IVR_REQUIRED_FIELDS = SEND_VOICE_REQUIRED_FIELDS;
    public static final Set<String> SEND_IVR_OBJECT_TYPES = Set.of(CONTACT);

    private static Set<String> ivrInputFields() {
        Set<String> fields = new TreeSet<>(SEND_VOICE_INPUT_FIELDS);
        for (int digit = 0; digit <= 9; digit++) {
            fields.add(SendIvrInput.actionField(digit));
            fields.add(SendIvrInput.valueField(digit));
            fields.add(SendIvrInput.senderField(digit));
        }
        fields.add(SendIvrInput.WRONG_KEY_TEXT);
        fields.add(SendIvrInput.WRONG_KEY_AUDIO_URL);
        return Set.copyOf(fields);
    }

    /** Lengths of the columns the values go to (action_request, message), and sane bounds for the free texts. */
    static final int MAX_CALLBACK_ID = 255;

    static final int MAX_OBJECT_ID = 64;
    static final int MAX_MESSAGE = 5_000;
    static final int MAX_SHORT_INPUT = 255;
    static final int MAX_OTHER_INPUT = 5_000;
    static final int MAX_PROPERTY_VALUE = 65_536;
    static final int MAX_NAME = 100;
    static final int MAX_URL = 2_000;

    private static final Pattern ALPHANUMERIC_SENDER = Pattern.compile("[A-Za-z0-9 ]{1,11}");
    private static final Pattern NUMERIC_SENDER = Pattern.compile("\\+?[0-9]{1,15}");
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9]{1," + MAX_OBJECT_ID + "}");
    private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z0-9_]{1," + MAX_NAME + "}");
    /** The token syntax MessagePersonalizer replaces; anything else that opens with "{{" is a mistake. */
    private static final Pattern CONTACT_TOKEN = Pattern.compile("\\{\\{\\h*contact\\.[A-Za-z0-9_]+\\h*}}");

    private static final Set<String> SHORT_INPUTS =
            Set.of(SendSmsInput.CAMPAIGN_NAME, "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent");
    private static final Set<String> BOOLEAN_VALUES = Set.of("true", "false");
    private static final Set<String> WAIT_FOR_VALUES =
            Set.of(SendSmsInput.WAIT_FOR_DELIVERY, SendSmsInput.WAIT_FOR_SEND);
    private static final Set<String> REGIONS = PhoneNumberUtil.getInstance().getSupportedRegions();

    private final ObjectMapper json;
    private final Map<String, List<String>> voiceLanguages;

    /** A parser for SMS calls: the voice actions' text-to-speech offers no language with it. */
    public WorkflowActionParser(ObjectMapper json) {
        this(json, Map.of());
    }

    /** @param voiceLanguages the text-to-speech languages and their voices the voice actions offer */
    public WorkflowActionParser(ObjectMapper json, Map<String, List<String>> voiceLanguages) {
        this.json = json;
        this.voiceLanguages = voiceLanguages;
    }

    /** A "Send SMS through 360NRS" call, its envelope and its input fields checked (contact and deal workflows). */
    public WorkflowActionRequest parseSendSms(String body) {
        return parse(body, SEND_SMS, SEND_SMS_OBJECT_TYPES, WorkflowActionParser::validateSendSms);
    }

    /** A "Send Voice Message through 360NRS" call, its envelope and its input fields checked (contact workflows). */
    public WorkflowActionRequest parseSendVoice(String body) {
        return parse(body, SEND_VOICE, SEND_VOICE_OBJECT_TYPES, inputs -> validateSendVoice(inputs, voiceLanguages));
    }

    /**
     * A "Send Voice Interactive Message through 360NRS" call, its envelope and its input fields (those of a voice call,
     * the keys', the wrong-key prompt) checked (contact workflows).
     */
    public WorkflowActionRequest parseSendIvr(String body) {
        return parse(body, SEND_IVR, SEND_IVR_OBJECT_TYPES, inputs -> validateSendIvr(inputs, voiceLanguages));
    }

    private WorkflowActionRequest parse(
            String body, String actionType, Set<String> objectTypes, Consumer<Map<String, String>> validateInputs) {
        if (body != null && body.indexOf('\0') >= 0) {
            // The raw payload is stored as text, and PostgreSQL cannot store NUL.
            throw RequestRejectedException.badRequest("body", "the request body contains a NUL character");
        }
        JsonNode root = RequestBodies.jsonObject(json, body, "HubSpot's JSON payload");
        String callbackId = requiredText(root, "callbackId", "callbackId");
        checkText(callbackId, "callbackId", MAX_CALLBACK_ID, false);
        JsonNode origin = requiredObject(root, "origin", "origin");
        JsonNode portal = origin.get("portalId");
        if (portal == null || !portal.isIntegralNumber() || !portal.canConvertToLong() || portal.asLong() <= 0) {
            throw RequestRejectedException.badRequest("origin.portalId", "origin.portalId must be a positive number");
        }
        JsonNode object = requiredObject(root, "object", "object");
        String objectType =
                requiredText(object, "objectType", "object.objectType").toUpperCase(Locale.ROOT);
        String objectId = objectId(object.get("objectId"));
        if (!objectTypes.contains(objectType)) {
            throw RequestRejectedException.badRequest(
                    "object.objectType",
                    "object.objectType " + quote(objectType)
                            + " is not supported by this action; use a "
                            + (objectTypes.contains(DEAL)
                                    ? "contact-based or deal-based workflow"
                                    : "contact-based workflow"));
        }
        Map<String, String> properties =
                stringMap(object.get("properties"), "object.properties", WorkflowActionParser::checkPropertyName);
        properties.forEach((name, value) -> checkText(value, "object.properties." + name, MAX_PROPERTY_VALUE, true));
        JsonNode inputs = root.get("inputFields");
        if (inputs == null || !inputs.isObject()) {
            throw RequestRejectedException.badRequest("inputFields", "inputFields is required and must be an object");
        }
        Map<String, String> inputFields = stringMap(inputs, "inputFields", WorkflowActionParser::checkInputName);
        inputFields.forEach(WorkflowActionParser::checkInputField);
        validateInputs.accept(inputFields);
        JsonNode workflow = root.path("context").path("workflowId");
        Long workflowId = workflow.isIntegralNumber() && workflow.canConvertToLong() && workflow.asLong() > 0
                ? workflow.asLong()
                : null;
        return new WorkflowActionRequest(
                callbackId,
                portal.asLong(),
                actionType,
                objectType,
                objectId,
                properties,
                inputFields,
                body,
                workflowId);
    }

    /**
     * The checks of "Send SMS" input fields on their own, for other ways of sending the same message (the send form
     * of the contact-record card): names, characters and lengths of every field, then sender, message and its
     * tokens, country and shortenUrls. Refusals name the field as {@code inputFields.<name>}.
     */
    public static void checkSendSmsInputs(Map<String, String> inputFields) {
        inputFields.keySet().forEach(WorkflowActionParser::checkInputName);
        inputFields.forEach(WorkflowActionParser::checkInputField);
        validateSendSms(inputFields);
    }

    /**
     * The checks of "Send Voice Message" input fields: names, characters and lengths of every field, then the number's
     * property, country, caller, locution type, and for text-to-speech a language and voice of {@code languages} and
     * a text with well-formed tokens, for an audio file an https URL. Refusals name the field as
     * {@code inputFields.<name>}.
     */
    public static void checkSendVoiceInputs(Map<String, String> inputFields, Map<String, List<String>> languages) {
        inputFields.keySet().forEach(WorkflowActionParser::checkInputName);
        inputFields.forEach(WorkflowActionParser::checkInputField);
        validateSendVoice(inputFields, languages);
    }

    /**
     * The checks of "Send Voice Interactive Message" input fields: those of a voice call, then each key's action and
     * what it needs (a valid number to transfer to, an SMS text of at most 5 parts and its sender, a text or https
     * audio URL to play), then the wrong-key prompt. Refusals name the field, e.g. {@code inputFields.key1Value}.
     */
    private static void validateSendIvr(Map<String, String> inputFields, Map<String, List<String>> languages) {
        validateSendVoice(inputFields, languages);
        String country = inputFields.get(SendVoiceInput.COUNTRY);
        for (int digit = 0; digit <= 9; digit++) {
            String actionField = SendIvrInput.actionField(digit);
            String written = inputFields.get(actionField);
            if (written != null
                    && !written.isBlank()
                    && SendIvrInput.action(written).isEmpty()) {
                throw RequestRejectedException.badRequest(
                        "inputFields." + actionField,
                        "inputFields." + actionField
                                + " must be one of NONE, TRANSFER, SMS, UNSUBSCRIBE, REPEAT, PLAY, HANGUP, got "
                                + quote(written));
            }
            SendIvrInput.KeyAction action = SendIvrInput.action(written).orElse(SendIvrInput.KeyAction.NONE);
            String valueField = "inputFields." + SendIvrInput.valueField(digit);
            String value = inputFields.get(SendIvrInput.valueField(digit));
            boolean empty = value == null || value.isBlank();
            switch (action) {
                case TRANSFER -> {
                    if (empty) {
                        throw RequestRejectedException.badRequest(
                                valueField,
                                valueField + " is required: the number key " + digit + " transfers the call to");
                    }
                    if (!transferable(value.trim(), country)) {
                        throw RequestRejectedException.badRequest(
                                valueField,
                                valueField + " must be a valid phone "
                                        + "number to transfer the call to (with its international prefix, or one of the "
                                        + "sending country), got " + quote(value));
                    }
                }
                case SMS -> {
                    if (empty) {
                        throw RequestRejectedException.badRequest(
                                valueField, valueField + " is required: the SMS key " + digit + " sends");
                    }
                    checkTokens(value, valueField);
                    com.nrsconnector.encoding.SmsEncodingAnalyzer analyzer =
                            new com.nrsconnector.encoding.SmsEncodingAnalyzer();
                    Optional<String> tooLong = analyzer.partLimitViolation(analyzer.analyze(value));
                    if (tooLong.isPresent()) {
                        throw RequestRejectedException.badRequest(valueField, valueField + ": " + tooLong.get());
                    }
                    String senderField = "inputFields." + SendIvrInput.senderField(digit);
                    String sender = inputFields.get(SendIvrInput.senderField(digit));
                    if (sender == null || sender.isBlank()) {
                        throw RequestRejectedException.badRequest(
                                senderField,
                                senderField + " is required: the sender of the SMS key " + digit + " sends");
                    }
                    if (!ALPHANUMERIC_SENDER.matcher(sender.trim()).matches()
                            && !NUMERIC_SENDER.matcher(sender.trim()).matches()) {
                        throw RequestRejectedException.badRequest(
                                senderField,
                                senderField + " must be up to 11 " + "letters and digits or up to 15 digits, got "
                                        + quote(sender));
                    }
                }
                case PLAY -> {
                    if (empty) {
                        throw RequestRejectedException.badRequest(
                                valueField,
                                valueField + " is required: the text or https audio URL key " + digit + " plays");
                    }
                    if (value.trim().regionMatches(true, 0, "http", 0, 4)) {
                        checkAudioUrl(value, valueField, true);
                    } else {
                        checkTokens(value, valueField);
                    }
                }
                default -> {
                    // NONE, UNSUBSCRIBE, REPEAT, HANGUP need no value.
                }
            }
        }
        String wrongText = inputFields.get(SendIvrInput.WRONG_KEY_TEXT);
        String wrongAudio = inputFields.get(SendIvrInput.WRONG_KEY_AUDIO_URL);
        if (wrongText != null && !wrongText.isBlank() && wrongAudio != null && !wrongAudio.isBlank()) {
            throw RequestRejectedException.badRequest(
                    "inputFields." + SendIvrInput.WRONG_KEY_AUDIO_URL,
                    "give either inputFields.wrongKeyText or inputFields.wrongKeyAudioUrl, not both");
        }
        if (wrongText != null && !wrongText.isBlank()) {
            checkTokens(wrongText, "inputFields." + SendIvrInput.WRONG_KEY_TEXT);
        }
        checkAudioUrl(wrongAudio, "inputFields." + SendIvrInput.WRONG_KEY_AUDIO_URL, false);
    }

    /** A number a call can be transferred to: valid for libphonenumber, international or of the sending country. */
    private static boolean transferable(String number, String country) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        String region =
                country == null || country.isBlank() ? "ZZ" : country.trim().toUpperCase(Locale.ROOT);
        String cleaned = number.replaceAll("[\\s().-]", "");
        if (cleaned.startsWith("00")) {
            cleaned = "+" + cleaned.substring(2);
        }
        try {
            return util.isValidNumber(util.parse(cleaned, region));
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            return false;
        }
    }

    private static void validateSendVoice(Map<String, String> inputs, Map<String, List<String>> languages) {
        String phoneProperty = inputs.get(SendVoiceInput.PHONE_PROPERTY);
        if (phoneProperty != null
                && !phoneProperty.isBlank()
                && !PROPERTY_NAME.matcher(phoneProperty.trim()).matches()) {
            throw RequestRejectedException.badRequest(
                    "inputFields.phoneProperty",
                    "inputFields.phoneProperty must be "
                            + "the name of a contact property (letters, digits and _), got " + quote(phoneProperty));
        }
        checkCountry(inputs.get(SendVoiceInput.COUNTRY));
        String caller = inputs.get(SendVoiceInput.CALLER);
        if (caller != null
                && !caller.isBlank()
                && !NUMERIC_SENDER.matcher(caller.trim()).matches()) {
            throw RequestRejectedException.badRequest(
                    "inputFields.caller",
                    "inputFields.caller must be a caller id of "
                            + "up to 15 digits, or empty for the default caller, got " + quote(caller));
        }
        String type = inputs.get(SendVoiceInput.LOCUTION_TYPE);
        if (type == null || type.isBlank()) {
            throw RequestRejectedException.badRequest(
                    "inputFields.locutionType",
                    "inputFields.locutionType is required: TTS (text-to-speech) or AUDIO (an audio file)");
        }
        String locution = type.trim().toUpperCase(Locale.ROOT);
        if (SendVoiceInput.TTS.equals(locution)) {
            String language = inputs.get(SendVoiceInput.LANGUAGE);
            if (language == null || language.isBlank()) {
                throw RequestRejectedException.badRequest(
                        "inputFields.language", "inputFields.language is required for text-to-speech");
            }
            List<String> voices = languages.get(language.trim());
            if (voices == null) {
                throw RequestRejectedException.badRequest(
                        "inputFields.language",
                        "inputFields.language " + quote(language) + " is not offered; offered: "
                                + String.join(", ", languages.keySet()));
            }
            String voice = inputs.get(SendVoiceInput.VOICE);
            if (voice != null && !voice.isBlank() && !voices.contains(voice.trim())) {
                throw RequestRejectedException.badRequest(
                        "inputFields.voice",
                        "inputFields.voice " + quote(voice) + " is not offered for " + language.trim() + "; offered: "
                                + String.join(", ", voices));
            }
            String text = inputs.get(SendVoiceInput.TEXT);
            if (text == null || text.isBlank()) {
                throw RequestRejectedException.badRequest(
                        "inputFields.text", "inputFields.text is required for text-to-speech");
            }
            checkTokens(text, "inputFields.text");
        } else if (SendVoiceInput.AUDIO.equals(locution)) {
            checkAudioUrl(inputs.get(SendVoiceInput.AUDIO_URL), "inputFields.audioUrl", true);
        } else {
            throw RequestRejectedException.badRequest(
                    "inputFields.locutionType",
                    "inputFields.locutionType must be " + "TTS (text-to-speech) or AUDIO (an audio file), got "
                            + quote(type));
        }
    }

    /** An audio file 360nrs fetches: an absolute https URL with a host, without spaces. */
    static void checkAudioUrl(String value, String field, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw RequestRejectedException.badRequest(field, field + " is required for an audio file");
            }
            return;
        }
        String url = value.trim();
        URI uri;
        try {
            uri = url.matches("\\S+") ? new URI(url) : null;
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null
                || !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null
                || uri.getHost().isBlank()) {
            throw RequestRejectedException.badRequest(
                    field,
                    field + " must be an https URL of the audio file "
                            + "(e.g. the URL HubSpot's file manager gives), got " + quote(url));
        }
    }

    private static void checkCountry(String country) {
        if (country != null
                && !country.isBlank()
                && !REGIONS.contains(country.trim().toUpperCase(Locale.ROOT))) {
            throw RequestRejectedException.badRequest(
                    "inputFields.country",
                    "inputFields.country must be an ISO 3166 alpha-2 country code, got " + quote(country));
        }
    }

    private static String objectId(JsonNode node) {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            throw RequestRejectedException.badRequest("object.objectId", "object.objectId is required");
        }
        String id = node.isIntegralNumber() || node.isTextual() ? node.asText() : null;
        if (id == null || !OBJECT_ID.matcher(id).matches()) {
            throw RequestRejectedException.badRequest(
                    "object.objectId",
                    "object.objectId must be the record's id (the contact's or the deal's): a number of 1 to "
                            + MAX_OBJECT_ID + " digits");
        }
        return id;
    }

    private static void checkPropertyName(String name) {
        if (!PROPERTY_NAME.matcher(name).matches()) {
            throw RequestRejectedException.badRequest(
                    "object.properties",
                    "object.properties has a property named " + quote(name) + "; property names are 1 to " + MAX_NAME
                            + " letters, digits and _");
        }
    }

    private static void checkInputName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME || firstInvalid(name, false) >= 0) {
            throw RequestRejectedException.badRequest(
                    "inputFields",
                    "inputFields has a field named " + quote(name) + "; field names are 1 to " + MAX_NAME
                            + " characters without control characters");
        }
    }

    private static void validateSendSms(Map<String, String> inputs) {
        String sender = inputs.get(SendSmsInput.SENDER);
        if (sender == null || sender.isBlank()) {
            throw RequestRejectedException.badRequest("inputFields.sender", "inputFields.sender is required");
        }
        String trimmed = sender.trim();
        if (!ALPHANUMERIC_SENDER.matcher(trimmed).matches()
                && !NUMERIC_SENDER.matcher(trimmed).matches()) {
            throw RequestRejectedException.badRequest(
                    "inputFields.sender",
                    "inputFields.sender must be up to 11 letters and digits or up to 15 digits, got " + quote(trimmed));
        }
        String message = inputs.get(SendSmsInput.MESSAGE);
        if (message == null || message.isBlank()) {
            throw RequestRejectedException.badRequest("inputFields.message", "inputFields.message is required");
        }
        checkTokens(message, "inputFields.message");
        checkCountry(inputs.get(SendSmsInput.COUNTRY));
        String shorten = inputs.get(SendSmsInput.SHORTEN_URLS);
        if (shorten != null
                && !shorten.isBlank()
                && !BOOLEAN_VALUES.contains(shorten.trim().toLowerCase(Locale.ROOT))) {
            throw RequestRejectedException.badRequest(
                    "inputFields.shortenUrls", "inputFields.shortenUrls must be true or false, got " + quote(shorten));
        }
        String waitFor = inputs.get(SendSmsInput.WAIT_FOR);
        if (waitFor != null
                && !waitFor.isBlank()
                && !WAIT_FOR_VALUES.contains(waitFor.trim().toUpperCase(Locale.ROOT))) {
            throw RequestRejectedException.badRequest(
                    "inputFields.waitFor", "inputFields.waitFor must be DELIVERY or SEND, got " + quote(waitFor));
        }
    }

    /** Characters and length of one input field; unknown fields get the same rules as the free texts. */
    private static void checkInputField(String name, String value) {
        String field = "inputFields." + name;
        switch (name) {
            case SendSmsInput.SENDER, SendSmsInput.COUNTRY, SendSmsInput.SHORTEN_URLS, SendSmsInput.WAIT_FOR ->
                checkText(value, field, MAX_SHORT_INPUT, false);
            case SendSmsInput.MESSAGE, SendVoiceInput.TEXT -> checkText(value, field, MAX_MESSAGE, true);
            case SendVoiceInput.PHONE_PROPERTY,
                    SendVoiceInput.CALLER,
                    SendVoiceInput.LOCUTION_TYPE,
                    SendVoiceInput.LANGUAGE,
                    SendVoiceInput.VOICE -> checkText(value, field, MAX_SHORT_INPUT, false);
            case SendVoiceInput.AUDIO_URL, SendIvrInput.WRONG_KEY_AUDIO_URL -> checkText(value, field, MAX_URL, false);
            default ->
                checkText(
                        value,
                        field,
                        SHORT_INPUTS.contains(name) ? MAX_SHORT_INPUT : MAX_OTHER_INPUT,
                        !SHORT_INPUTS.contains(name));
        }
    }

    /**
     * Every "{{" must open a well-formed contact token: a near miss would otherwise go out to every recipient as
     * written ("Hola {{ firstname }}").
     */
    static void checkTokens(String message, String field) {
        Matcher token = CONTACT_TOKEN.matcher(message);
        int from = 0;
        int open;
        while ((open = message.indexOf("{{", from)) >= 0) {
            token.region(open, message.length());
            if (!token.lookingAt()) {
                int close = message.indexOf("}}", open + 2);
                int lineEnd = indexOfLineBreak(message, open);
                String written = close >= 0 && close < lineEnd
                        ? message.substring(open, close + 2)
                        : message.substring(open, lineEnd);
                throw RequestRejectedException.badRequest(
                        field,
                        field + " has a malformed contact token " + quote(written) + " at character "
                                + (open + 1) + "; write contact tokens as {{contact.<property>}} (property names are "
                                + "letters, digits and _)");
            }
            from = token.end();
        }
    }

    private static int indexOfLineBreak(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                return i;
            }
        }
        return text.length();
    }

    /** Refuses text that is too long, contains NUL or a control character (line breaks and tabs only if allowed). */
    private static void checkText(String value, String field, int maxLength, boolean lineBreaksAllowed) {
        if (value.length() > maxLength) {
            throw RequestRejectedException.badRequest(
                    field,
                    field + " is " + value.length() + " characters long; at most " + maxLength + " are accepted");
        }
        int invalid = firstInvalid(value, lineBreaksAllowed);
        if (invalid >= 0) {
            char c = value.charAt(invalid);
            String what = c == 0
                    ? "a NUL character"
                    : Character.isSurrogate(c)
                            ? "an unpaired surrogate (invalid UTF-16)"
                            : String.format("a control character (U+%04X)", (int) c);
            throw RequestRejectedException.badRequest(
                    field,
                    field + " contains " + what + " at character " + (invalid + 1)
                            + (lineBreaksAllowed ? "; only line breaks and tabs are allowed" : ""));
        }
    }

    /** Index of the first NUL, control character or unpaired surrogate, or -1. */
    static int firstInvalid(String value, boolean lineBreaksAllowed) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                if (!(lineBreaksAllowed && (c == '\n' || c == '\r' || c == '\t'))) {
                    return i;
                }
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return i;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** A value echoed in a refusal: short, and without the characters that could split a log line. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("'");
        int i = 0;
        for (int shown = 0; i < value.length() && shown < 40; shown++) {
            int cp = value.codePointAt(i);
            boolean unpairedSurrogate = cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
            out.appendCodePoint(Character.isISOControl(cp) || unpairedSurrogate ? '?' : cp);
            i += Character.charCount(cp);
        }
        return out.append(i < value.length() ? "…'" : "'").toString();
    }

    private static String requiredText(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null
                || value.isNull()
                || !value.isValueNode()
                || value.asText().isBlank()) {
            throw RequestRejectedException.badRequest(path, path + " is required");
        }
        return value.asText();
    }

    private static JsonNode requiredObject(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || !value.isObject()) {
            throw RequestRejectedException.badRequest(path, path + " is required and must be an object");
        }
        return value;
    }

    private static Map<String, String> stringMap(JsonNode node, String path, Consumer<String> nameCheck) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw RequestRejectedException.badRequest(path, path + " must be an object");
        }
        node.fields().forEachRemaining(field -> {
            nameCheck.accept(field.getKey());
            JsonNode value = field.getValue();
            if (value == null || value.isNull()) {
                // Present but empty: HubSpot sent the property, the contact has no value (so no need to fetch it).
                out.put(field.getKey(), "");
                return;
            }
            if (!value.isValueNode()) {
                throw RequestRejectedException.badRequest(
                        path + "." + field.getKey(),
                        path + "." + field.getKey() + " must be a string, number or boolean");
            }
            out.put(field.getKey(), value.asText());
        });
        return out;
    }
}
