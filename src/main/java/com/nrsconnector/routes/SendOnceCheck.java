package com.nrsconnector.routes;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteBuilderLifecycleStrategy;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.CatchDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.TryDefinition;

import io.quarkus.arc.Unremovable;

/**
 * Refuses a route file with a route that calls 360nrs (the direct: request routes) without the steps that keep a send
 * from reaching 360nrs twice: the call inside a doTry whose doCatch takes every exception to
 * {@code sendOutcome.recordFailure} (otherwise the error handler would redeliver the request), and
 * {@code nrsSmsRequestFactory.markInFlight} before it in that doTry (it drops the sends no longer held here and records
 * that the request started). Camel runs it on every route builder before any of its routes replaces a running one, as
 * {@link ProtectedRoutesCheck}.
 */
@ApplicationScoped
@Unremovable
public class SendOnceCheck implements RouteBuilderLifecycleStrategy {

    static final List<String> NRS_REQUESTS = List.of("direct:nrs-sms-request", "direct:nrs-voice-request");

    @Override
    public void afterConfigure(RouteBuilder builder) {
        List<String> problems = new ArrayList<>();
        for (RouteDefinition route : builder.getRouteCollection().getRoutes()) {
            check(route.getRouteId(), route.getOutputs(), null, problems);
        }
        if (!problems.isEmpty()) {
            throw new ProtectedRoutesCheck.UnprotectedRouteException(
                    ProtectedRoutesCheck.sourceName(builder.getResource()) + " is refused: "
                            + String.join("; ", problems));
        }
    }

    /** Walks the steps; {@code guard} is the nearest enclosing doTry that settles failures, with the step in it. */
    private static void check(String routeId, List<ProcessorDefinition<?>> steps, Guard guard, List<String> problems) {
        for (ProcessorDefinition<?> step : steps) {
            if (step instanceof CatchDefinition) {
                continue;
            }
            String target = target(step);
            if (target != null && NRS_REQUESTS.contains(target)) {
                if (guard == null) {
                    problems.add("route " + routeId + " calls " + target + " outside a doTry whose doCatch takes "
                            + "java.lang.Exception to sendOutcome.recordFailure: a failed request would be retried "
                            + "and may reach 360nrs twice");
                } else if (!guard.markedBefore()) {
                    problems.add("route " + routeId + " calls " + target + " without nrsSmsRequestFactory.markInFlight"
                            + " before it in the same doTry: a send taken over elsewhere may reach 360nrs twice");
                }
            }
            if (step instanceof TryDefinition attempt && settlesFailures(attempt)) {
                List<ProcessorDefinition<?>> inner = attempt.getOutputsWithoutCatches();
                for (int i = 0; i < inner.size(); i++) {
                    check(routeId, List.of(inner.get(i)), new Guard(inner, i), problems);
                }
            } else {
                check(routeId, step.getOutputs(), guard, problems);
            }
        }
    }

    /** A doTry's step and whether markInFlight is one of the steps before it. */
    private record Guard(List<ProcessorDefinition<?>> steps, int index) {

        boolean markedBefore() {
            for (int i = 0; i < index; i++) {
                if (steps.get(i) instanceof BeanDefinition bean
                        && "nrsSmsRequestFactory".equals(bean.getRef())
                        && bean.getMethod() != null
                        && bean.getMethod().startsWith("markInFlight")) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean settlesFailures(TryDefinition attempt) {
        for (CatchDefinition clause : attempt.getCatchClauses()) {
            boolean everyException = clause.getExceptions() != null
                    && clause.getExceptions().stream()
                            .anyMatch(e -> e.trim().equals("java.lang.Exception")
                                    || e.trim().equals("java.lang.Throwable"));
            boolean records = clause.getOutputs().stream()
                    .anyMatch(s -> s instanceof BeanDefinition bean
                            && "sendOutcome".equals(bean.getRef())
                            && bean.getMethod() != null
                            && bean.getMethod().startsWith("recordFailure"));
            if (everyException && records) {
                return true;
            }
        }
        return false;
    }

    private static String target(ProcessorDefinition<?> step) {
        String uri = null;
        if (step instanceof SendDefinition<?> send) {
            uri = send.getEndpointUri();
        } else if (step instanceof ToDynamicDefinition dynamic) {
            uri = dynamic.getUri();
        }
        if (uri == null) {
            return null;
        }
        int q = uri.indexOf('?');
        return (q < 0 ? uri : uri.substring(0, q)).replaceFirst("^direct:/*", "direct:");
    }
}
