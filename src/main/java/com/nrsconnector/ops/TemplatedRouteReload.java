package com.nrsconnector.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.ReloadStrategy;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceReloadStrategySupport;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Reloading a route file replaces the routes its templates make too. Camel's reload (on request and by the file
 * watcher) replaces a file's routes and templates but leaves the routes built from templates as they were, so a
 * changed template or instance would not take effect: after Camel's reload, each templated route of the file is
 * rebuilt from its template.
 */
@ApplicationScoped
public class TemplatedRouteReload {

    private static final Logger LOG = Logger.getLogger(TemplatedRouteReload.class);

    @Inject
    CamelContext camel;

    /** The file watcher's reload of a YAML file is followed by the rebuild of the file's templated routes. */
    void onStart(@Observes StartupEvent event) {
        ReloadStrategy watcher = camel.hasService(ReloadStrategy.class);
        if (watcher instanceof ResourceReloadStrategySupport support && support.getResourceReload() != null) {
            ResourceReload camelReload = support.getResourceReload();
            support.setResourceReload((name, resource) -> {
                camelReload.onReload(name, resource);
                if (name.endsWith(".yaml")) {
                    LOG.infof(
                            "templated routes reloaded from %s: %s",
                            OpsRouteCatalog.sourceName(name), replace(resource));
                }
            });
        }
    }

    /** The template a templated route names: the file's own, else one already loaded; null when there is none. */
    public static RouteTemplateDefinition templateOf(RouteBuilder builder, String id) {
        for (RouteTemplateDefinition template :
                builder.getRouteTemplateCollection().getRouteTemplates()) {
            if (id != null && id.equals(template.getId())) {
                return template;
            }
        }
        Model model = builder.getContext().getCamelContextExtension().getContextPlugin(Model.class);
        return model == null ? null : model.getRouteTemplateDefinition(id);
    }

    /** Rebuilds the templated routes of a file Camel has just reloaded; answers their ids. */
    public Set<String> replace(Resource resource) throws Exception {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> ids = new TreeSet<>();
        for (RoutesBuilder found : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(List.of(resource))) {
            if (!(found instanceof RouteBuilder builder)) {
                continue;
            }
            builder.setCamelContext(camel);
            builder.configure();
            // The file's templates as it now has them, in place of every copy loaded before (Camel's reload appends
            // one, and a lookup answers the first), then the routes built from them.
            for (RouteTemplateDefinition template :
                    builder.getRouteTemplateCollection().getRouteTemplates()) {
                model.removeRouteTemplateDefinitions(template.getId());
                model.addRouteTemplateDefinition(template);
            }
            for (TemplatedRouteDefinition templated :
                    builder.getTemplatedRouteCollection().getTemplatedRoutes()) {
                String id = templated.getRouteId();
                if (camel.getRoute(id) != null) {
                    camel.getRouteController().stopRoute(id);
                    camel.removeRoute(id);
                }
                Map<String, Object> parameters = new LinkedHashMap<>();
                if (templated.getParameters() != null) {
                    templated.getParameters().forEach(p -> parameters.put(p.getName(), p.getValue()));
                }
                ids.add(TemplatedRouteBuilder.builder(camel, templated.getRouteTemplateRef())
                        .routeId(id)
                        .parameters(parameters)
                        .add());
            }
        }
        return ids;
    }
}
