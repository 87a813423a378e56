package com.nrsconnector.flow;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The send pipeline's "never twice" steps (the comment at the top of send-pipeline.yaml): a copy of the file with one
 * of them removed is refused at reload, the send routes in use keep running, and a send goes to 360nrs once. (The
 * request-started mark is no step any more: markInFlight sets it, see SendSafetyTest's hanging request.)
 */
@QuarkusTest
class DeletedStepsKeepSendsSingleTest {

    private static final String FILE = "send-pipeline.yaml";

    @Inject
    CamelContext camel;

    private String original;

    static Stream<Arguments> neverTwiceSteps() {
        UnaryOperator<Object> markInFlight = tree -> RouteFileEdits.withoutStep(
                tree, step -> RouteFileEdits.isBeanStep(step, "nrsSmsRequestFactory", "markInFlight"));
        UnaryOperator<Object> recordFailure = tree -> RouteFileEdits.withoutStep(
                tree, step -> RouteFileEdits.isBeanStep(step, "sendOutcome", "recordFailure"));
        UnaryOperator<Object> doCatch = tree -> RouteFileEdits.withoutKey(tree, "doCatch");
        UnaryOperator<Object> doTry = RouteFileEdits::withoutDoTry;
        return Stream.of(
                Arguments.of("markInFlight", markInFlight, "without nrsSmsRequestFactory.markInFlight"),
                Arguments.of("recordFailure in doCatch", recordFailure, "outside a doTry"),
                Arguments.of("doCatch", doCatch, "outside a doTry"),
                Arguments.of("doTry around the request", doTry, "outside a doTry"));
    }

    @BeforeEach
    void remember() throws Exception {
        original = RouteFileEdits.read(FILE);
    }

    @AfterEach
    void restore() throws Exception {
        RouteFileEdits.write(camel, FILE, original, c -> pipelineRunning() && sendRouteMarksInFlight());
    }

    @ParameterizedTest(name = "without {0}")
    @MethodSource("neverTwiceSteps")
    void pipelineWithoutANeverTwiceStepIsRefusedAndSendsGoOnce(
            String removed, UnaryOperator<Object> removal, String named) throws Exception {
        Object tree = RouteFileEdits.parse(original);
        String edited = RouteFileEdits.dump(removal.apply(tree));
        assertFalse(edited.equals(RouteFileEdits.dump(tree)), "the test removes " + removed);

        RouteFileEdits.Outcome outcome = RouteFileEdits.write(camel, FILE, edited, c -> false);

        assertEquals(RouteFileEdits.Outcome.REFUSED, outcome);
        assertThat(RouteFileEdits.lastError(camel), containsString("routes/" + FILE + " is refused"));
        assertThat(RouteFileEdits.lastError(camel), containsString(named));
        assertTrue(pipelineRunning(), "the send routes in use keep running");
        assertTrue(sendRouteMarksInFlight(), "send-request is still the route loaded before");

        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 631"));
        String marker = Sandbox.marker();
        Sandbox.enroll(contact, Map.of("sender", "ACME", "message", "Once " + marker));
        assertThat(
                Sandbox.awaitEventTypes(contact, e -> e.contains("SMS_DELIVERED")),
                contains("SMS_SENT", "SMS_DELIVERED"));
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(1));
    }

    private boolean pipelineRunning() {
        return camel.getRouteController().getRouteStatus("send-dispatcher") == ServiceStatus.Started
                && camel.getRouteController().getRouteStatus("send-request") == ServiceStatus.Started;
    }

    private boolean sendRouteMarksInFlight() {
        return RouteFileEdits.routesOf(camel, FILE).stream()
                .filter(r -> "send-request".equals(r.getRouteId()))
                .anyMatch(r -> callsMarkInFlight(r.getOutputs()));
    }

    private static boolean callsMarkInFlight(List<ProcessorDefinition<?>> steps) {
        for (ProcessorDefinition<?> step : steps) {
            if (step instanceof BeanDefinition bean
                    && "nrsSmsRequestFactory".equals(bean.getRef())
                    && "markInFlight".equals(bean.getMethod())) {
                return true;
            }
            if (callsMarkInFlight(step.getOutputs())) {
                return true;
            }
        }
        return false;
    }
}
