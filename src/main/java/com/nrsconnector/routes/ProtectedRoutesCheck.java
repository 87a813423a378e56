package com.nrsconnector.routes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteBuilderLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.spi.Resource;

import com.nrsconnector.ops.OpsRouteCatalog;
import com.nrsconnector.ops.TemplatedRouteReload;

import io.quarkus.arc.Unremovable;

/**
 * Refuses a route file whose routes serve a protected path without the route configuration that checks the caller
 * (see {@link RequestAuthenticationConfiguration}): under {@code /hubspot/} only HubSpot-signed requests, under
 * {@code /ops} only the operator. Camel runs it on every route builder once its routes are read and before any of
 * them replaces a running route, so at start, on a file watcher reload and on {@code POST /ops/routes/reload} alike;
 * a refused file changes nothing and the routes in use keep serving.
 */
@ApplicationScoped
@Unremovable
public class ProtectedRoutesCheck implements RouteBuilderLifecycleStrategy {

    /** A path prefix and the route configuration every route serving a path under it must name. */
    record ProtectedPath(String prefix, String configuration) {

        boolean covers(String path) {
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }

    static final List<ProtectedPath> PROTECTED = List.of(
            new ProtectedPath("/hubspot", RequestAuthenticationConfiguration.HUBSPOT_SIGNED),
            new ProtectedPath("/ops", RequestAuthenticationConfiguration.OPS_AUTHENTICATED));

    /** Thrown for a refused file; its message names the file, the route, the path and the configuration it lacks. */
    public static class UnprotectedRouteException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        UnprotectedRouteException(String message) {
            super(message);
        }
    }

    @Override
    public void afterConfigure(RouteBuilder builder) {
        check(builder);
    }

    /** Throws {@link UnprotectedRouteException} when a route of the builder serves a protected path unchecked. */
    public void check(RouteBuilder builder) {
        CamelContext camel = builder.getContext();
        String source = sourceName(builder.getResource());
        List<String> problems = new ArrayList<>();
        List<RouteDefinition> routes =
                new ArrayList<>(builder.getRouteCollection().getRoutes());
        for (RouteDefinition route : routes) {
            String uri = resolve(
                    camel, route.getInput() == null ? null : route.getInput().getEndpointUri());
            checkServed(problems, route.getRouteId(), servedPath(uri), route.getRouteConfigurationId(), camel);
        }
        for (TemplatedRouteDefinition templated :
                builder.getTemplatedRouteCollection().getTemplatedRoutes()) {
            RouteTemplateDefinition template =
                    TemplatedRouteReload.templateOf(builder, templated.getRouteTemplateRef());
            if (template == null
                    || template.getRoute() == null
                    || template.getRoute().getInput() == null) {
                continue;
            }
            Map<String, String> parameters = parameters(template, templated);
            String uri =
                    resolve(camel, substitute(template.getRoute().getInput().getEndpointUri(), parameters));
            checkServed(
                    problems,
                    templated.getRouteId(),
                    servedPath(uri),
                    substitute(template.getRoute().getRouteConfigurationId(), parameters),
                    camel);
        }
        for (RestDefinition rest : builder.getRestCollection().getRests()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = normalise(join(resolve(camel, rest.getPath()), resolve(camel, verb.getPath())));
                ProtectedPath guarded = guardOf(path);
                if (guarded == null) {
                    continue;
                }
                String endpoint = verb.asVerb().toUpperCase(Locale.ROOT) + " " + path;
                String target = verb.getTo() == null
                        ? null
                        : withoutQuery(resolve(camel, verb.getTo().getUri()));
                RouteDefinition served = target == null
                        ? null
                        : routes.stream()
                                .filter(r -> r.getInput() != null
                                        && target.equals(withoutQuery(
                                                resolve(camel, r.getInput().getEndpointUri()))))
                                .findFirst()
                                .orElse(null);
                if (served == null) {
                    // Camel matches the direct: URI for inlining before template parameters apply, so a templated
                    // route is not inlined: the endpoint would be a route of its own, with a generated id and
                    // without the route configurations of the route it calls.
                    problems.add("the REST endpoint " + endpoint + " must call a direct: route of the same file "
                            + "(a route, not a templatedRoute), which names the route configuration "
                            + guarded.configuration());
                } else if (!names(served.getRouteConfigurationId(), guarded.configuration(), camel)) {
                    problems.add(missing(served.getRouteId(), endpoint, guarded));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new UnprotectedRouteException(source + " is refused: " + String.join("; ", problems));
        }
    }

    private static void checkServed(
            List<String> problems, String routeId, String path, String configurationIds, CamelContext camel) {
        ProtectedPath guarded = path == null ? null : guardOf(path);
        if (guarded != null && !names(configurationIds, guarded.configuration(), camel)) {
            problems.add(missing(routeId, path, guarded));
        }
    }

    private static String missing(String routeId, String served, ProtectedPath guarded) {
        return "route " + routeId + " serves " + served + " but does not name the route configuration "
                + guarded.configuration() + " (routeConfigurationId: " + ErrorHandlingConfiguration.HTTP_API + ","
                + guarded.configuration() + "), which checks every call under " + guarded.prefix();
    }

    private static ProtectedPath guardOf(String path) {
        return PROTECTED.stream().filter(p -> p.covers(path)).findFirst().orElse(null);
    }

    private static boolean names(String configurationIds, String configuration, CamelContext camel) {
        String ids = resolve(camel, configurationIds);
        return ids != null && Arrays.stream(ids.split(",")).map(String::trim).anyMatch(configuration::equals);
    }

    /** The HTTP path a consumer URI serves (platform-http: or rest:), or null for any other endpoint. */
    static String servedPath(String uri) {
        if (uri == null) {
            return null;
        }
        String plain = withoutQuery(uri);
        if (plain.startsWith("platform-http:")) {
            return normalise(plain.substring("platform-http:".length()));
        }
        if (plain.startsWith("rest:")) {
            // rest:method:path[:uriTemplate]
            String[] parts = plain.substring("rest:".length()).split(":", 3);
            return parts.length < 2 ? null : normalise(join(parts[1], parts.length > 2 ? parts[2] : ""));
        }
        return null;
    }

    private static String join(String path, String more) {
        return (path == null ? "" : path) + "/" + (more == null ? "" : more);
    }

    /** One leading slash, no doubled or trailing ones, no dot segments: the path as the HTTP server matches it. */
    static String normalise(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/+")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                continue;
            }
            segments.add(segment);
        }
        return "/" + String.join("/", segments);
    }

    private static String withoutQuery(String uri) {
        if (uri == null) {
            return null;
        }
        int q = uri.indexOf('?');
        String plain = q < 0 ? uri : uri.substring(0, q);
        // "direct://x" and "direct:x" are the same endpoint.
        return plain.replaceFirst("^([a-z-]+):/*(?=[^/])", "$1:");
    }

    private static Map<String, String> parameters(
            RouteTemplateDefinition template, TemplatedRouteDefinition templated) {
        Map<String, String> values = new TreeMap<>();
        if (template.getTemplateParameters() != null) {
            for (RouteTemplateParameterDefinition parameter : template.getTemplateParameters()) {
                if (parameter.getDefaultValue() != null) {
                    values.put(parameter.getName(), parameter.getDefaultValue());
                }
            }
        }
        if (templated.getParameters() != null) {
            for (TemplatedRouteParameterDefinition parameter : templated.getParameters()) {
                values.put(parameter.getName(), parameter.getValue());
            }
        }
        return values;
    }

    private static String substitute(String text, Map<String, String> parameters) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            result = result.replace("{{" + parameter.getKey() + "}}", String.valueOf(parameter.getValue()));
        }
        return result;
    }

    /** Property placeholders resolved; a value that cannot be resolved is kept as written. */
    private static String resolve(CamelContext camel, String text) {
        if (text == null || !text.contains("{{")) {
            return text;
        }
        try {
            return camel.resolvePropertyPlaceholders(text);
        } catch (RuntimeException e) {
            return text;
        }
    }

    /** routes/<file>.yaml for a route file, the location of any other builder. */
    static String sourceName(Resource resource) {
        return resource == null || resource.getLocation() == null
                ? "a route builder"
                : OpsRouteCatalog.sourceName(resource.getLocation());
    }
}
