package com.nrsconnector.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Keeps the README and docs/ true: the README's sandbox tour runs against the connector as written, every relative
 * link of the pages resolves, every docs page is listed in the README, and the architecture diagram names real routes.
 */
@QuarkusTest
class ReadmeTourTest {

    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    /** A bound for liveness only: the steps that read background work (a send, its report) poll until it shows. */
    private static final Duration BACKGROUND_WORK = Duration.ofSeconds(60);
    /** In the architecture diagram a route is a node whose label is quoted in square brackets: {@code n["route-id"]}. */
    private static final Pattern DIAGRAM_ROUTE = Pattern.compile("\\[\"([a-z0-9-]+)\"\\]");

    @TestHTTPResource("/")
    URL connector;

    @Inject
    CamelContext camel;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theTourAnswersAsTheReadmeSays() throws Exception {
        List<TourStep> steps = TourStep.of(Files.readString(README), "## Try it (sandbox)");
        assertEquals(5, steps.size(), "the README's tour has five steps");
        String hostAndPort = connector.getHost() + ":" + connector.getPort();
        for (TourStep step : steps) {
            JsonNode excerpt = json.readTree(step.answer());
            if (step.command().repeatable()) {
                // A read may show background work that is still under way: read again until it shows.
                AtomicReference<String> last = new AtomicReference<>();
                try {
                    Awaitility.await()
                            .atMost(BACKGROUND_WORK)
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> answersAsShown(step, hostAndPort, excerpt, last));
                } catch (ConditionTimeoutException e) {
                    fail("step '" + step.title() + "' did not answer as the README shows; last answer: " + last.get());
                }
            } else {
                AtomicReference<String> last = new AtomicReference<>();
                assertTrue(
                        answersAsShown(step, hostAndPort, excerpt, last),
                        "step '" + step.title() + "' did not answer as the README shows; its answer: " + last.get());
            }
        }
    }

    private boolean answersAsShown(TourStep step, String hostAndPort, JsonNode excerpt, AtomicReference<String> last)
            throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(step.command().request(hostAndPort), HttpResponse.BodyHandlers.ofString());
        last.set(response.statusCode() + " " + response.body());
        if (response.statusCode() != step.status()) {
            return false;
        }
        JsonNode actual;
        try {
            actual = json.readTree(response.body());
        } catch (IOException notJson) {
            return false;
        }
        return JsonExcerpt.matches(excerpt, actual);
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String link : MarkdownLinks.relativeLinks(Files.readString(page))) {
                int hash = link.indexOf('#');
                String path = hash < 0 ? link : link.substring(0, hash);
                Path target = path.isEmpty()
                        ? page
                        : page.toAbsolutePath().getParent().resolve(path).normalize();
                if (!Files.exists(target)) {
                    broken.add(page + ": " + link + " (no such file)");
                } else if (hash >= 0) {
                    String anchor = link.substring(hash + 1);
                    if (!target.toString().endsWith(".md")
                            || !MarkdownLinks.anchors(target).contains(anchor)) {
                        broken.add(page + ": " + link + " (no heading for #" + anchor + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "links that do not resolve");
    }

    @Test
    void theReadmeListsEveryDocsPage() throws IOException {
        Set<String> linked = Set.copyOf(MarkdownLinks.relativeLinks(Files.readString(README)).stream()
                .map(link -> link.replaceFirst("#.*", ""))
                .toList());
        List<String> missing = docsPages().stream()
                .map(page -> "docs/" + page.getFileName())
                .filter(page -> !linked.contains(page))
                .toList();
        assertEquals(List.of(), missing, "docs pages the README does not link to");
    }

    @Test
    void theArchitectureDiagramNamesRealRoutes() throws IOException {
        String architecture = Files.readString(DOCS.resolve("architecture.md"));
        Matcher mermaid = Pattern.compile("(?ms)^```mermaid\\n(.*?)^```$").matcher(architecture);
        assertTrue(mermaid.find(), "docs/architecture.md has a mermaid diagram");
        Set<String> routes = camel.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet());
        List<String> named = new ArrayList<>();
        // Mermaid comments (%% ...) may show the notation itself.
        Matcher route = DIAGRAM_ROUTE.matcher(mermaid.group(1).replaceAll("(?m)^\\s*%%.*$", ""));
        while (route.find()) {
            named.add(route.group(1));
        }
        assertFalse(named.isEmpty(), "the diagram names routes as n[\"route-id\"]");
        assertEquals(
                List.of(),
                named.stream().filter(id -> !routes.contains(id)).toList(),
                "route ids in the diagram that the connector does not have");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        pages.addAll(docsPages());
        return pages;
    }

    private static List<Path> docsPages() throws IOException {
        try (Stream<Path> files = Files.list(DOCS)) {
            return files.filter(file -> file.toString().endsWith(".md"))
                    .sorted()
                    .toList();
        }
    }
}
