package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.MessageStatus;
import com.nrsconnector.messaging.WorkflowOutputs;
import com.nrsconnector.timeline.TimelineEventWriter;
import com.nrsconnector.workflow.CompletionStore;
import com.nrsconnector.workflow.SendIvrInput;
import com.nrsconnector.workflow.VoiceLanguages;
import com.nrsconnector.workflow.WorkflowActionParser;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The HubSpot developer project under hubspot-app/ agrees with the connector: each action declares the input fields
 * its endpoint reads and the outputs it completes with, the app-event types are the events the timeline writer
 * sends with the properties it sends, and every URL the project points HubSpot at is served by the connector.
 */
@QuarkusTest
class HubSpotAppProjectTest {

    private static final Path PROJECT = Path.of("hubspot-app");
    private static final Path APP = PROJECT.resolve("src/app");
    /** The placeholder prepare.sh replaces with the connector's public base URL. */
    private static final String BASE = "https://connector.example.com";

    private static final Pattern URL = Pattern.compile(Pattern.quote(BASE) + "[^\"'`?\\s]*");

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    ConnectorConfig config;

    @Inject
    VoiceLanguages voiceLanguages;

    @Test
    void theSendSmsActionDeclaresWhatItsEndpointReads() throws IOException {
        JsonNode action = read(APP.resolve("workflow-actions/send-sms-hsmeta.json"));
        assertEquals("workflow-action", action.path("type").asText());
        JsonNode definition = action.path("config");
        assertEquals(
                BASE + "/hubspot/actions/send-sms", definition.path("actionUrl").asText());

        Map<String, Boolean> declared = new TreeMap<>();
        for (JsonNode field : definition.path("inputFields")) {
            declared.put(
                    field.path("typeDefinition").path("name").asText(),
                    field.path("isRequired").asBoolean());
        }
        assertEquals(
                new TreeSet<>(WorkflowActionParser.SEND_SMS_INPUT_FIELDS),
                declared.keySet(),
                "input fields declared vs read by the parser");
        assertEquals(
                new TreeSet<>(WorkflowActionParser.SEND_SMS_REQUIRED_FIELDS),
                declared.entrySet().stream()
                        .filter(Map.Entry::getValue)
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toCollection(TreeSet::new)),
                "required input fields");
        assertEquals(new TreeSet<>(WorkflowActionParser.SEND_SMS_OBJECT_TYPES), texts(definition.path("objectTypes")));
        assertEquals(
                config.hubspot().contactProperties(),
                new ArrayList<>(texts(definition.path("objectRequestOptions").path("properties"))),
                "the contact properties the connector reads come in the payload");

        List<String> outputs = new ArrayList<>();
        definition
                .path("outputFields")
                .forEach(f -> outputs.add(f.path("typeDefinition").path("name").asText()));
        assertEquals(WorkflowOutputs.NAMES, outputs, "outputs declared vs completed with");
        JsonNode status = definition.path("outputFields").get(0).path("typeDefinition");
        List<String> statuses = new ArrayList<>();
        status.path("options").forEach(o -> statuses.add(o.path("value").asText()));
        assertEquals(WorkflowOutputs.DELIVERY_STATUSES, statuses);

        JsonNode labels = definition.path("labels").path("en");
        assertEquals("Send SMS through 360NRS", labels.path("actionName").asText());
        assertEquals(declared.keySet(), new TreeSet<>(names(labels.path("inputFieldLabels"))));
        assertEquals(new TreeSet<>(outputs), new TreeSet<>(names(labels.path("outputFieldLabels"))));
    }

    @Test
    void theSendVoiceActionDeclaresWhatItsEndpointReads() throws IOException {
        JsonNode action = read(APP.resolve("workflow-actions/send-voice-hsmeta.json"));
        assertEquals("workflow-action", action.path("type").asText());
        JsonNode definition = action.path("config");
        assertEquals(
                BASE + "/hubspot/actions/send-voice",
                definition.path("actionUrl").asText());

        Map<String, Boolean> declared = new TreeMap<>();
        Map<String, JsonNode> fields = new TreeMap<>();
        for (JsonNode field : definition.path("inputFields")) {
            declared.put(
                    field.path("typeDefinition").path("name").asText(),
                    field.path("isRequired").asBoolean());
            fields.put(field.path("typeDefinition").path("name").asText(), field.path("typeDefinition"));
        }
        assertEquals(
                new TreeSet<>(WorkflowActionParser.SEND_VOICE_INPUT_FIELDS),
                declared.keySet(),
                "input fields declared vs read by the parser");
        assertEquals(
                new TreeSet<>(WorkflowActionParser.SEND_VOICE_REQUIRED_FIELDS),
                declared.entrySet().stream()
                        .filter(Map.Entry::getValue)
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toCollection(TreeSet::new)),
                "required input fields");
        assertEquals(Set.of("CONTACT"), texts(definition.path("objectTypes")), "contact-based workflows only");
        assertEquals(
                new TreeSet<>(WorkflowActionParser.SEND_VOICE_OBJECT_TYPES), texts(definition.path("objectTypes")));
        assertEquals(
                config.hubspot().contactProperties(),
                new ArrayList<>(texts(definition.path("objectRequestOptions").path("properties"))));

        // The languages and voices offered are those of the connector's languages file.
        List<String> languages = new ArrayList<>();
        fields.get("language")
                .path("options")
                .forEach(o -> languages.add(o.path("value").asText()));
        assertEquals(new ArrayList<>(voiceLanguages.offered().keySet()), languages);
        Set<String> voices = new TreeSet<>();
        voiceLanguages.offered().values().forEach(voices::addAll);
        assertEquals(voices, optionValues(fields.get("voice")));
        assertEquals(Set.of("TTS", "AUDIO"), optionValues(fields.get("locutionType")));

        List<String> outputs = new ArrayList<>();
        definition
                .path("outputFields")
                .forEach(f -> outputs.add(f.path("typeDefinition").path("name").asText()));
        assertEquals(WorkflowOutputs.NAMES, outputs, "outputs declared vs completed with");
        JsonNode labels = definition.path("labels").path("en");
        assertEquals(
                "Send Voice Message through 360NRS", labels.path("actionName").asText());
        assertEquals(declared.keySet(), new TreeSet<>(names(labels.path("inputFieldLabels"))));
        assertEquals(new TreeSet<>(outputs), new TreeSet<>(names(labels.path("outputFieldLabels"))));
    }

    @Test
    void theSendIvrActionDeclaresWhatItsEndpointReads() throws IOException {
        JsonNode definition =
                read(APP.resolve("workflow-actions/send-ivr-hsmeta.json")).path("config");
        assertEquals(
                BASE + "/hubspot/actions/send-ivr", definition.path("actionUrl").asText());
        Map<String, Boolean> declared = new TreeMap<>();
        Map<String, JsonNode> fields = new TreeMap<>();
        for (JsonNode field : definition.path("inputFields")) {
            declared.put(
                    field.path("typeDefinition").path("name").asText(),
                    field.path("isRequired").asBoolean());
            fields.put(field.path("typeDefinition").path("name").asText(), field.path("typeDefinition"));
        }
        assertEquals(new TreeSet<>(WorkflowActionParser.SEND_IVR_INPUT_FIELDS), declared.keySet());
        assertEquals(
                new TreeSet<>(WorkflowActionParser.SEND_IVR_REQUIRED_FIELDS),
                declared.entrySet().stream()
                        .filter(Map.Entry::getValue)
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(new TreeSet<>(WorkflowActionParser.SEND_IVR_OBJECT_TYPES), texts(definition.path("objectTypes")));
        Set<String> actions = new TreeSet<>();
        for (SendIvrInput.KeyAction action : SendIvrInput.KeyAction.values()) {
            actions.add(action.name());
        }
        for (int digit = 0; digit <= 9; digit++) {
            assertEquals(actions, optionValues(fields.get(SendIvrInput.actionField(digit))), "key " + digit);
        }
        List<String> outputs = new ArrayList<>();
        definition
                .path("outputFields")
                .forEach(f -> outputs.add(f.path("typeDefinition").path("name").asText()));
        List<String> expected = new ArrayList<>(WorkflowOutputs.NAMES);
        expected.add(CompletionStore.KEY_PRESSED);
        assertEquals(expected, outputs, "the outputs of a call, and the key pressed");
        List<String> keyOptions = new ArrayList<>();
        definition
                .path("outputFields")
                .get(outputs.indexOf(CompletionStore.KEY_PRESSED))
                .path("typeDefinition")
                .path("options")
                .forEach(o -> keyOptions.add(o.path("value").asText()));
        assertEquals(CompletionStore.KEY_PRESSED_OPTIONS, keyOptions, "every value keyPressed completes with");
        JsonNode labels = definition.path("labels").path("en");
        assertEquals(
                "Send Voice Interactive Message through 360NRS",
                labels.path("actionName").asText());
        assertEquals(new TreeSet<>(outputs), new TreeSet<>(names(labels.path("outputFieldLabels"))));
        assertEquals(declared.keySet(), new TreeSet<>(names(labels.path("inputFieldLabels"))));
    }

    @Test
    void everyCountryOfferedIsOneTheParserAccepts() throws IOException {
        JsonNode definition =
                read(APP.resolve("workflow-actions/send-sms-hsmeta.json")).path("config");
        Set<String> regions = PhoneNumberUtil.getInstance().getSupportedRegions();
        for (JsonNode field : definition.path("inputFields")) {
            if ("country".equals(field.path("typeDefinition").path("name").asText())) {
                assertFalse(field.path("typeDefinition").path("options").isEmpty());
                for (JsonNode option : field.path("typeDefinition").path("options")) {
                    assertTrue(regions.contains(option.path("value").asText()), option.toString());
                }
            }
        }
    }

    @Test
    void theAppEventTypesAreTheEventsTheTimelineWriterSends() throws IOException {
        Map<String, JsonNode> types = new TreeMap<>();
        try (Stream<Path> files = Files.list(APP.resolve("app-events"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith("-hsmeta.json")).toList()) {
                JsonNode type = read(file);
                assertEquals("app-event", type.path("type").asText(), file.toString());
                types.put(type.path("uid").asText(), type.path("config"));
            }
        }
        Set<String> expected = new TreeSet<>();
        for (Channel channel : Channel.values()) {
            for (MessageStatus status : channel.eventStatuses()) {
                expected.add(TimelineEventWriter.appEventTypeName("", status.eventType(channel)));
            }
        }
        assertEquals(expected, types.keySet());
        types.forEach((uid, type) -> {
            assertEquals("CONTACT", type.path("objectType").asText(), uid);
            List<String> properties = new ArrayList<>();
            type.path("properties").forEach(p -> properties.add(p.path("name").asText()));
            assertEquals(TimelineEventWriter.PROPERTY_NAMES, properties, uid);
            Matcher token = Pattern.compile("\\{\\{(\\w+)}}")
                    .matcher(type.path("headerTemplate").asText()
                            + type.path("detailTemplate").asText());
            while (token.find()) {
                assertTrue(properties.contains(token.group(1)), uid + " renders an undeclared " + token.group(1));
            }
        });
    }

    @Test
    void theAppAsksForTheSeedsScopesAndPermitsTheConnector() throws IOException {
        JsonNode app = read(APP.resolve("app-hsmeta.json")).path("config");
        JsonNode auth = app.path("auth");
        assertEquals("oauth", auth.path("type").asText());
        assertEquals(Set.of(BASE + "/oauth/callback"), texts(auth.path("redirectUrls")));
        assertTrue(
                texts(auth.path("requiredScopes"))
                        .containsAll(Set.of(
                                "timeline",
                                "oauth",
                                "crm.objects.contacts.read",
                                "crm.objects.contacts.write",
                                "crm.objects.companies.write",
                                "crm.objects.deals.write",
                                "automation")),
                "completing a workflow action's callback needs automation: the app cannot run without it");
        // HubSpot grants only scopes the app declares: the install asks for exactly these.
        assertEquals(Set.copyOf(config.hubspot().scopes()), texts(auth.path("requiredScopes")));
        assertEquals(Set.copyOf(config.hubspot().optionalScopes()), texts(auth.path("optionalScopes")));
        assertEquals(Set.of("crm.schemas.contacts.write"), texts(auth.path("optionalScopes")));
        assertTrue(texts(app.path("permittedUrls").path("fetch")).contains(BASE));
        assertTrue(texts(app.path("permittedUrls").path("iframe")).contains(BASE));
    }

    @Test
    void theCardsEntrypointExists() throws IOException {
        JsonNode card = read(APP.resolve("cards/nrs-contact-card-hsmeta.json"));
        assertEquals("card", card.path("type").asText());
        assertEquals(Set.of("contacts"), texts(card.path("config").path("objectTypes")));
        String entrypoint = card.path("config").path("entrypoint").asText();
        assertTrue(Files.isRegularFile(PROJECT.resolve("src").resolve(entrypoint.substring(1))), entrypoint);
    }

    @Test
    void everyUrlOfTheProjectIsServedByTheConnector() throws IOException {
        Set<String> paths = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(APP)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".jsx"))
                    .toList()) {
                Matcher url = URL.matcher(Files.readString(file));
                while (url.find()) {
                    String path = URI.create(url.group()).getPath();
                    paths.add(path == null ? "" : path);
                }
            }
        }
        assertTrue(paths.contains("/hubspot/actions/send-sms"), "found " + paths);
        assertTrue(paths.contains("/hubspot/actions/send-voice"), "found " + paths);
        assertTrue(paths.contains("/hubspot/actions/send-ivr"), "found " + paths);
        for (String path : paths) {
            if (path.isEmpty() || path.equals("/")) {
                continue; // the base URL itself (permitted origins)
            }
            assertTrue(served(path), path + " is named in the HubSpot project but not served by the connector");
        }
    }

    /** Whether the connector has an endpoint at this path: an unsigned GET or POST is refused, but not with 404. */
    private static boolean served(String path) {
        int get = given().redirects().follow(false).get(path).statusCode();
        int post = given().redirects()
                .follow(false)
                .contentType("application/json")
                .body("{}")
                .post(path)
                .statusCode();
        assertNotEquals(500, get, path);
        return get != 404 || post != 404;
    }

    private JsonNode read(Path file) throws IOException {
        return json.readTree(Files.readString(file));
    }

    private static Set<String> optionValues(JsonNode typeDefinition) {
        Set<String> out = new TreeSet<>();
        typeDefinition.path("options").forEach(o -> out.add(o.path("value").asText()));
        return out;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
