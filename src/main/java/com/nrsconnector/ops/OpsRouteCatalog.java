package com.nrsconnector.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.rest.RestEndpoint;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.ReloadStrategy;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.URISupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.nrsconnector.api.RequestRejectedException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Camel routes as an operator sees them (where each comes from, whether it runs, how many exchanges went through
 * and failed), and the on-demand reload of the YAML routes. Exchange counts come from Camel's Micrometer route policy
 * (JMX is off): they count since the route was last (re)loaded.
 */
@ApplicationScoped
@Named("opsRouteCatalog")
@RegisterForReflection
public class OpsRouteCatalog {

    private static final Logger LOG = Logger.getLogger(OpsRouteCatalog.class);
    /** How the routes directory is named in answers, wherever it was read from. */
    static final String ROUTES_DIRECTORY = "routes/";

    public record RouteInfo(
            String id,
            String source,
            String from,
            String status,
            long exchangesTotal,
            long exchangesFailed,
            long failuresHandled) {}

    public record ReloadedFile(String source, List<String> routes) {}

    @Inject
    CamelContext camel;

    @Inject
    MeterRegistry meters;

    @Inject
    TemplatedRouteReload templatedRoutes;

    @ConfigProperty(name = "camel.main.routes-reload-directory", defaultValue = "routes")
    String reloadDirectory;

    @ConfigProperty(name = "camel.main.routes-reload-pattern", defaultValue = "*.yaml")
    String reloadPattern;

    private final Object reloading = new Object();

    public Map<String, Object> list() {
        List<RouteInfo> routes = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
            routes.add(new RouteInfo(
                    route.getRouteId(),
                    source(route),
                    from(route.getEndpoint()),
                    status == null ? "Unknown" : status.name(),
                    count("camel.exchanges.total", route.getRouteId()),
                    count("camel.exchanges.failed", route.getRouteId()),
                    count("camel.exchanges.failures.handled", route.getRouteId())));
        }
        routes.sort(Comparator.comparing(RouteInfo::id));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("routes", routes);
        answer.put("liveReload", liveReload());
        return answer;
    }

    /** What the file watcher's reloads of routes/ came to: counts, and the last error (a file that did not parse). */
    private Map<String, Object> liveReload() {
        Map<String, Object> reload = new LinkedHashMap<>();
        ReloadStrategy watcher = camel.hasService(ReloadStrategy.class);
        reload.put("enabled", watcher != null);
        if (watcher != null) {
            reload.put("reloads", watcher.getReloadCounter());
            reload.put("failures", watcher.getFailedCounter());
            Exception last = watcher.getLastError();
            reload.put("lastError", last == null ? null : LogText.of(String.valueOf(last.getMessage())));
        }
        return reload;
    }

    /**
     * Reloads every YAML route file of the routes directory. Each file is parsed and configured before anything is
     * replaced, with the checks Camel runs on every route builder (a protected endpoint without its caller check is
     * refused there), so a file that does not parse or is refused is named in a 400 while the routes loaded before
     * keep serving.
     */
    public Map<String, Object> reload() {
        synchronized (reloading) {
            List<Path> files = yamlFiles();
            RoutesLoader loader = PluginHelper.getRoutesLoader(camel);
            List<Resource> resources = new ArrayList<>();
            for (Path file : files) {
                Resource resource = PluginHelper.getResourceLoader(camel).resolveResource("file:" + file);
                try {
                    for (RoutesBuilder builder : loader.findRoutesBuilders(List.of(resource))) {
                        if (builder instanceof CamelContextAware aware) {
                            aware.setCamelContext(camel);
                        }
                        if (builder instanceof RouteBuilder routeBuilder) {
                            // configureRoutes, not configure: it runs the registered RouteBuilderLifecycleStrategy
                            // checks, as the file watcher's reload does.
                            routeBuilder.configureRoutes(camel);
                            checkTemplatedRoutes(routeBuilder);
                        }
                    }
                } catch (Exception e) {
                    LOG.warnf(
                            "route reload refused: %s could not be loaded: %s",
                            sourceName(file.toString()), LogText.of(e.getMessage()));
                    throw new RequestRejectedException(
                            400,
                            sourceName(file.toString()) + " could not be loaded, "
                                    + "nothing was reloaded and the routes in use keep serving: " + e.getMessage(),
                            sourceName(file.toString()));
                }
                resources.add(resource);
            }
            List<ReloadedFile> reloaded = new ArrayList<>();
            for (Resource resource : resources) {
                try {
                    Set<String> ids = new TreeSet<>(loader.updateRoutes(List.of(resource)));
                    ids.addAll(templatedRoutes.replace(resource));
                    reloaded.add(new ReloadedFile(sourceName(resource.getLocation()), List.copyOf(ids)));
                } catch (Exception e) {
                    LOG.errorf(
                            "route reload failed at %s: %s",
                            sourceName(resource.getLocation()), LogText.of(e.getMessage()));
                    throw new RequestRejectedException(
                            500,
                            sourceName(resource.getLocation()) + " could not be started: " + e.getMessage(),
                            sourceName(resource.getLocation()));
                }
            }
            LOG.infof("routes reloaded on request: %s", reloaded);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "ok");
            answer.put("reloaded", reloaded);
            return answer;
        }
    }

    /**
     * Camel only builds a templated route when it adds it, after the file's previous routes are gone: its template
     * (in the same file or already loaded) and the template's required parameters are checked here instead.
     */
    private void checkTemplatedRoutes(RouteBuilder builder) {
        for (TemplatedRouteDefinition templated :
                builder.getTemplatedRouteCollection().getTemplatedRoutes()) {
            String ref = templated.getRouteTemplateRef();
            if (templated.getRouteId() == null) {
                throw new IllegalArgumentException("a route made from template " + ref + " has no routeId");
            }
            RouteTemplateDefinition template = TemplatedRouteReload.templateOf(builder, ref);
            if (template == null) {
                throw new IllegalArgumentException(
                        "route " + templated.getRouteId() + " names the unknown template " + ref);
            }
            Set<String> given = new TreeSet<>();
            if (templated.getParameters() != null) {
                templated.getParameters().forEach(p -> given.add(p.getName()));
            }
            for (RouteTemplateParameterDefinition parameter : template.getTemplateParameters()) {
                if (parameter.isRequired()
                        && parameter.getDefaultValue() == null
                        && !given.contains(parameter.getName())) {
                    throw new IllegalArgumentException("route " + templated.getRouteId() + " does not give the "
                            + "parameter " + parameter.getName() + " of template " + ref);
                }
            }
        }
    }

    private List<Path> yamlFiles() {
        Path directory = Path.of(reloadDirectory);
        String glob = "glob:" + reloadPattern;
        var matcher = directory.getFileSystem().getPathMatcher(glob);
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(p.getFileName()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("the routes directory cannot be read: " + e.getMessage(), e);
        }
    }

    /** A REST endpoint as "POST /ops/dead-letters/{id}/replay"; any other as its URI. */
    private static String from(Endpoint endpoint) {
        if (endpoint instanceof RestEndpoint rest) {
            String template = rest.getUriTemplate() == null ? "" : rest.getUriTemplate();
            return rest.getMethod().toUpperCase(Locale.ROOT) + " " + rest.getPath() + template;
        }
        // Camel's sanitising masks passwords an endpoint URI may carry in its options.
        return URISupport.sanitizeUri(endpoint.getEndpointUri());
    }

    private long count(String meter, String routeId) {
        return (long) meters.find(meter).tag("routeId", routeId).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** The YAML file a route was loaded from, or the Java class that defines it. */
    private static String source(Route route) {
        Resource resource = route.getSourceResource();
        String location =
                resource != null && resource.getLocation() != null ? resource.getLocation() : route.getSourceLocation();
        return location == null ? null : sourceName(location);
    }

    /**
     * "file:target/test-routes/x.yaml" and "file:routes/x.yaml" both become "routes/x.yaml"; a Java DSL route's
     * "source:com.example.XRoutes" becomes the class name.
     */
    public static String sourceName(String location) {
        // A templated route's location ends with the line it is defined at.
        String path = location.replaceFirst("^(file|source|classpath):", "").replaceFirst(":\\d+$", "");
        if (path.endsWith(".yaml") || path.endsWith(".yml")) {
            return ROUTES_DIRECTORY + Path.of(path).getFileName();
        }
        return path;
    }
}
