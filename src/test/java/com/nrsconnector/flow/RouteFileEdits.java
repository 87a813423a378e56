package com.nrsconnector.flow;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.model.LogDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.ReloadStrategy;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Edits of the route files under target/test-routes as an operator makes them, on the YAML tree, and the file
 * watcher's answer to each: the edit applied, or the file refused (its routes in use keep running).
 */
final class RouteFileEdits {

    static final Path ROUTES = Path.of("target/test-routes");
    /** Generous: a reload takes a few seconds on a busy machine; this bounds a hung test, not the reload's speed. */
    static final Duration RELOAD = Duration.ofSeconds(60);

    private RouteFileEdits() {}

    static List<String> routeFiles() throws Exception {
        try (Stream<Path> files = Files.list(ROUTES)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    static String read(String file) throws Exception {
        return Files.readString(ROUTES.resolve(file), StandardCharsets.UTF_8);
    }

    static Object parse(String yaml) {
        return new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }

    static String dump(Object tree) {
        return new Dump(DumpSettings.builder()
                        .setDefaultFlowStyle(FlowStyle.BLOCK)
                        .build())
                .dumpToString(tree);
    }

    /**
     * The tree with every step of every steps list deleted; a list left empty gets one log step with the marker, so
     * that the file still describes routes Camel can start, and the reload shows in the routes' definitions.
     */
    static Object withoutSteps(Object node, String marker) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if ("steps".equals(entry.getKey()) && entry.getValue() instanceof List<?>) {
                    copy.put("steps", List.of(Map.of("log", Map.of("message", marker))));
                } else {
                    copy.put(entry.getKey(), withoutSteps(entry.getValue(), marker));
                }
            }
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(e -> withoutSteps(e, marker)).toList();
        }
        return node;
    }

    /** The tree with every step matching the predicate deleted, at any depth. */
    static Object withoutStep(Object node, Predicate<Object> step) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(entry.getKey(), withoutStep(entry.getValue(), step));
            }
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object element : list) {
                if (!step.test(element)) {
                    copy.add(withoutStep(element, step));
                }
            }
            return copy;
        }
        return node;
    }

    /** The tree without any entry of that key, at any depth. */
    static Object withoutKey(Object node, String key) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!key.equals(entry.getKey())) {
                    copy.put(entry.getKey(), withoutKey(entry.getValue(), key));
                }
            }
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(e -> withoutKey(e, key)).toList();
        }
        return node;
    }

    /** The tree with each doTry step replaced by the steps it tried (its doCatch and doFinally gone). */
    @SuppressWarnings("unchecked")
    static Object withoutDoTry(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(entry.getKey(), withoutDoTry(entry.getValue()));
            }
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object element : list) {
                if (element instanceof Map<?, ?> step && step.get("doTry") instanceof Map<?, ?> attempt) {
                    for (Object inner : (List<Object>) attempt.get("steps")) {
                        copy.add(withoutDoTry(inner));
                    }
                } else {
                    copy.add(withoutDoTry(element));
                }
            }
            return copy;
        }
        return node;
    }

    /** Whether a YAML step is a bean step calling that bean's method. */
    static boolean isBeanStep(Object step, String ref, String method) {
        return step instanceof Map<?, ?> map
                && map.get("bean") instanceof Map<?, ?> bean
                && ref.equals(bean.get("ref"))
                && method.equals(bean.get("method"));
    }

    /** What the file watcher did with an edit. */
    enum Outcome {
        APPLIED,
        REFUSED
    }

    /**
     * Writes the file (whole, by a move: {@link RouteFiles#replace}) and waits for the watcher
     * to either apply it ({@code applied} holds) or refuse it (a failed reload whose error says the file is refused).
     */
    static Outcome write(CamelContext camel, String file, String content, Predicate<CamelContext> applied)
            throws Exception {
        ReloadStrategy watcher = camel.hasService(ReloadStrategy.class);
        long failedBefore = watcher.getFailedCounter();
        RouteFiles.replace(ROUTES.resolve(file), content);
        String refusal = "routes/" + file + " is refused";
        return await().atMost(RELOAD)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            if (watcher.getFailedCounter() > failedBefore
                                    && lastError(camel).contains(refusal)) {
                                return Outcome.REFUSED;
                            }
                            return applied.test(camel) ? Outcome.APPLIED : null;
                        },
                        outcome -> outcome != null);
    }

    /** The last reload error's message, as the operations API shows it. */
    static String lastError(CamelContext camel) {
        Exception last = camel.hasService(ReloadStrategy.class).getLastError();
        return last == null ? "" : String.valueOf(last.getMessage());
    }

    /** The definitions of the routes loaded from the file. */
    static List<RouteDefinition> routesOf(CamelContext camel, String file) {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        return model.getRouteDefinitions().stream()
                .filter(r -> {
                    String location = r.getResource() != null && r.getResource().getLocation() != null
                            ? r.getResource().getLocation()
                            : r.getLocation();
                    return location != null && fromFile(location, file);
                })
                .toList();
    }

    /** A route's location is its file's, with a line number for a route a template made (file.yaml:12). */
    private static boolean fromFile(String location, String file) {
        int at = location.lastIndexOf("/" + file);
        return at >= 0 && location.substring(at + file.length() + 1).matches("(:\\d+)?");
    }

    /**
     * Whether the file's reload is complete: as many routes as before, each with the marker. Camel reloads a file's
     * routes first and the routes its templates make after them, so one marked route is not enough.
     */
    static boolean everyRouteHasMarker(CamelContext camel, String file, String marker, int routes) {
        List<RouteDefinition> loaded = routesOf(camel, file);
        return loaded.size() >= routes && loaded.stream().allMatch(r -> hasMarker(r.getOutputs(), marker));
    }

    /** Whether a route of the file has a log step with the marker, at any depth. */
    static boolean hasMarker(CamelContext camel, String file, String marker) {
        return routesOf(camel, file).stream().anyMatch(r -> hasMarker(r.getOutputs(), marker));
    }

    private static boolean hasMarker(List<ProcessorDefinition<?>> steps, String marker) {
        for (ProcessorDefinition<?> step : steps) {
            if (step instanceof LogDefinition log && marker.equals(log.getMessage())) {
                return true;
            }
            if (hasMarker(step.getOutputs(), marker)) {
                return true;
            }
        }
        return false;
    }
}
