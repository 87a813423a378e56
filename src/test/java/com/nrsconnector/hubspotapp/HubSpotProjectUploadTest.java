package com.nrsconnector.hubspotapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The HubSpot project as prepare.sh writes it for upload passes the checks of HubSpot's own project-parsing
 * library (hubspot-app/checks, installed by the build from its lock file): stage one without the app events,
 * which HubSpot takes only after a first deploy, and stage two with them. The broken projects show that the check
 * reports what it is meant to catch.
 */
class HubSpotProjectUploadTest {

    private static final Path PROJECT = Path.of("hubspot-app").toAbsolutePath();
    private static final Path CHECK = PROJECT.resolve("checks/check-project.mjs");
    private static final String BASE = "https://sms.example.org";
    private static final List<String> ACTIONS = List.of("send-sms", "send-voice", "send-ivr");

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void stageOneLeavesTheAppEventsOutAndPassesHubSpotsChecks() throws Exception {
        Path out = dir.resolve("stage1");
        Run prepared = prepare(BASE, out.toString());
        assertEquals(0, prepared.exit, prepared.output);
        assertFalse(Files.exists(out.resolve("src/app/app-events")), "app events wait for stage two");
        assertTrue(Files.isRegularFile(out.resolve("src/app/app-hsmeta.json")));

        Run check = check(out, "1");
        assertEquals(0, check.exit, check.output);
        assertTrue(check.output.contains("\"workflow-action\":3"), check.output);
        assertFalse(check.output.contains("app-event"), check.output);
    }

    @Test
    void stageTwoAddsEveryAppEventAndPassesHubSpotsChecks() throws Exception {
        Path out = dir.resolve("stage2");
        Run prepared = prepare("--stage", "2", BASE + "/", out.toString());
        assertEquals(0, prepared.exit, prepared.output);
        assertEquals(files(PROJECT.resolve("src/app/app-events")), files(out.resolve("src/app/app-events")));

        Run check = check(out, "2");
        assertEquals(0, check.exit, check.output);
        assertTrue(check.output.contains("\"app-event\":13"), check.output);
    }

    @Test
    void theBaseUrlReplacesThePlaceholderEverywhere() throws Exception {
        Path out = dir.resolve("stage2");
        assertEquals(0, prepare("--stage=2", BASE + "/", out.toString()).exit);
        String app = Files.readString(out.resolve("src/app/app-hsmeta.json"));
        assertTrue(app.contains("\"" + BASE + "/oauth/callback\""), app);
        try (Stream<Path> written = Files.walk(out)) {
            for (Path file : written.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(file).contains("connector.example.com"), file.toString());
            }
        }
    }

    @Test
    void publishReleasesAllThreeActionsAndTheDefaultKeepsThemUnpublished() throws Exception {
        Path unpublished = dir.resolve("unpublished");
        Path published = dir.resolve("published");
        assertEquals(0, prepare(BASE, unpublished.toString()).exit);
        Run run = prepare("--publish", "--stage", "1", BASE, published.toString());
        assertEquals(0, run.exit, run.output);
        for (String action : ACTIONS) {
            String file = "src/app/workflow-actions/" + action + "-hsmeta.json";
            assertFalse(
                    json.readTree(unpublished.resolve(file).toFile())
                            .path("config")
                            .path("isPublished")
                            .asBoolean(true),
                    action);
            assertTrue(
                    json.readTree(published.resolve(file).toFile())
                            .path("config")
                            .path("isPublished")
                            .asBoolean(false),
                    action);
        }
        assertEquals(0, check(published, "1").exit);
    }

    @Test
    void prepareRefusesBadArgumentsWithItsUsage() throws Exception {
        List<List<String>> refused = List.of(
                List.of(),
                List.of("http://sms.example.org"),
                List.of("https://localhost:8080"),
                List.of("--stage", "3", BASE),
                List.of("--stage"),
                List.of("--publsh", BASE),
                List.of(BASE, "target", "extra"));
        for (List<String> arguments : refused) {
            Run run = prepare(arguments.toArray(String[]::new));
            assertEquals(2, run.exit, arguments + ": " + run.output);
            assertTrue(run.output.contains("usage: "), arguments + ": " + run.output);
        }
        assertTrue(prepare("--stage", "3", BASE).output.contains("--stage must be 1 or 2"));
        assertTrue(prepare("http://sms.example.org").output.contains("must start with https://"));
    }

    @Test
    void anAppEventInTheFirstUploadIsReported() throws Exception {
        Path out = dir.resolve("stage2");
        assertEquals(0, prepare("--stage", "2", BASE, out.toString()).exit);
        Run check = check(out, "1");
        assertEquals(1, check.exit, check.output);
        assertTrue(
                check.output.contains("app/app-events/sms-sent-hsmeta.json: app event sms_sent in stage 1"),
                check.output);
    }

    @Test
    void aComponentWithoutUidIsReported() throws Exception {
        Path out = stageOne();
        Path action = out.resolve("src/app/workflow-actions/send-sms-hsmeta.json");
        ObjectNode content = (ObjectNode) json.readTree(action.toFile());
        content.remove("uid");
        json.writeValue(action.toFile(), content);
        Run check = check(out, "1");
        assertEquals(1, check.exit, check.output);
        assertTrue(check.output.contains("app/workflow-actions/send-sms-hsmeta.json: missing uid"), check.output);
    }

    @Test
    void anInvalidUidAndAnUnexpectedTopLevelKeyAreReported() throws Exception {
        Path out = stageOne();
        Path card = out.resolve("src/app/cards/nrs-contact-card-hsmeta.json");
        ObjectNode content = (ObjectNode) json.readTree(card.toFile());
        content.put("uid", "not a uid!");
        content.put("isPublished", true);
        json.writeValue(card.toFile(), content);
        Run check = check(out, "1");
        assertEquals(1, check.exit, check.output);
        assertTrue(check.output.contains("unexpected top-level keys isPublished"), check.output);
        assertTrue(
                check.output
                                .lines()
                                .filter(l -> l.startsWith("ERROR app/cards/nrs-contact-card-hsmeta.json"))
                                .count()
                        >= 2,
                check.output);
    }

    @Test
    void aComponentOutsideItsDirectoryIsReported() throws Exception {
        Path out = stageOne();
        Path actions = out.resolve("src/app/workflow-actions");
        Files.move(actions.resolve("send-ivr-hsmeta.json"), out.resolve("src/app/cards/send-ivr-hsmeta.json"));
        Run check = check(out, "1");
        assertEquals(1, check.exit, check.output);
        assertTrue(
                check.output.contains("app/cards/send-ivr-hsmeta.json: a workflow-action component belongs in"
                        + " app/workflow-actions/"),
                check.output);
    }

    @Test
    void childrenWithoutTheAppAreReported() throws Exception {
        Path out = stageOne();
        Files.delete(out.resolve("src/app/app-hsmeta.json"));
        Run check = check(out, "1");
        assertNotEquals(0, check.exit, check.output);
        assertTrue(check.output.contains("needs an app component"), check.output);
    }

    private Path stageOne() throws Exception {
        Path out = dir.resolve("broken");
        Run prepared = prepare(BASE, out.toString());
        assertEquals(0, prepared.exit, prepared.output);
        assertEquals(0, check(out, "1").exit, "the project passes before it is broken");
        return out;
    }

    private static Run prepare(String... arguments) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("sh", PROJECT.resolve("prepare.sh").toString()));
        command.addAll(List.of(arguments));
        return run(command);
    }

    private static Run check(Path project, String stage) throws Exception {
        return run(List.of("node", CHECK.toString(), project.toString(), "--stage", stage));
    }

    private static Run run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        // A bound for a hung process only: both commands finish in well under a second.
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running: " + command);
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static List<String> files(Path directory) throws IOException {
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private record Run(int exit, String output) {}
}
