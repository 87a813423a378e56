package com.nrsconnector.routes;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which routes serve a protected path, and the refusal of those that do not name their caller check. */
class ProtectedRoutesCheckTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final ProtectedRoutesCheck check = new ProtectedRoutesCheck();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void servedPathIsThePathTheHttpServerMatches() {
        assertEquals(
                "/hubspot/actions/send-sms",
                ProtectedRoutesCheck.servedPath("platform-http:/hubspot/actions/send-sms?httpMethodRestrict=POST"));
        assertEquals(
                "/hubspot/actions/x", ProtectedRoutesCheck.servedPath("platform-http://hubspot//forms/../actions/x"));
        assertEquals("/ops/routes/reload", ProtectedRoutesCheck.servedPath("rest:post:/ops/routes:/reload"));
        assertNull(ProtectedRoutesCheck.servedPath("direct:ops-routes"));
        assertNull(ProtectedRoutesCheck.servedPath("timer:x"));
    }

    @Test
    void anUnsignedRouteUnderHubspotIsRefusedWithWhatItLacks() throws Exception {
        RouteBuilder builder = configured(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/hubspot/actions/send-sms")
                        .routeId("action")
                        .routeConfigurationId(ErrorHandlingConfiguration.HTTP_API)
                        .log("x");
            }
        });
        Exception refused =
                assertThrows(ProtectedRoutesCheck.UnprotectedRouteException.class, () -> check.check(builder));
        assertThat(refused.getMessage(), containsString("route action serves /hubspot/actions/send-sms"));
        assertThat(refused.getMessage(), containsString("routeConfigurationId: http-api,hubspot-signed"));
    }

    @Test
    void routesNamingTheirChecksAndUnprotectedPathsPass() throws Exception {
        RouteBuilder builder = configured(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/hubspot/card/messages")
                        .routeId("card")
                        .routeConfigurationId("http-api, hubspot-signed")
                        .log("x");
                rest("/ops/things").get().to("direct:ops-things");
                from("direct:ops-things")
                        .routeId("ops-things")
                        .routeConfigurationId("http-api,ops-authenticated")
                        .log("x");
                from("platform-http:/forms/sms")
                        .routeId("form")
                        .routeConfigurationId("http-api")
                        .log("x");
                from("platform-http:/hubspotter").routeId("lookalike").log("x");
            }
        });
        assertDoesNotThrow(() -> check.check(builder));
    }

    @Test
    void anOpsRestEndpointIsCheckedThroughTheRouteItCalls() throws Exception {
        RouteBuilder unchecked = configured(new RouteBuilder() {
            @Override
            public void configure() {
                rest("/ops").delete("/things/{id}").to("direct:ops-thing-delete");
                from("direct:ops-thing-delete")
                        .routeId("ops-thing-delete")
                        .routeConfigurationId("http-api")
                        .log("x");
            }
        });
        Exception refused =
                assertThrows(ProtectedRoutesCheck.UnprotectedRouteException.class, () -> check.check(unchecked));
        assertThat(refused.getMessage(), containsString("route ops-thing-delete serves DELETE /ops/things/{id}"));

        RouteBuilder elsewhere = configured(new RouteBuilder() {
            @Override
            public void configure() {
                rest("/ops/things").get().to("direct:somewhere-else");
            }
        });
        Exception alsoRefused =
                assertThrows(ProtectedRoutesCheck.UnprotectedRouteException.class, () -> check.check(elsewhere));
        assertThat(alsoRefused.getMessage(), containsString("must call a direct: route of the same file"));
    }

    @Test
    void aTemplatedRouteIsCheckedWithItsParameters() throws Exception {
        RouteBuilder builder = configured(new RouteBuilder() {
            @Override
            public void configure() {
                routeTemplate("action")
                        .templateParameter("name")
                        .templateParameter("checks", "http-api")
                        .from("platform-http:/hubspot/actions/{{name}}")
                        .routeConfigurationId("{{checks}}")
                        .log("x");
                templatedRoute("action")
                        .routeId("signed")
                        .parameter("name", "a")
                        .parameter("checks", "http-api,hubspot-signed");
                templatedRoute("action").routeId("unsigned").parameter("name", "b");
            }
        });
        Exception refused =
                assertThrows(ProtectedRoutesCheck.UnprotectedRouteException.class, () -> check.check(builder));
        assertThat(refused.getMessage(), containsString("route unsigned serves /hubspot/actions/b"));
        assertThat(refused.getMessage(), org.hamcrest.Matchers.not(containsString("route signed ")));
    }

    @Test
    void anOpsRestEndpointCallingATemplatedRouteIsRefused() throws Exception {
        RouteBuilder builder = configured(new RouteBuilder() {
            @Override
            public void configure() {
                rest("/ops/things").get().to("direct:ops-things");
                routeTemplate("ops-call")
                        .templateParameter("call")
                        .from("direct:{{call}}")
                        .routeConfigurationId("http-api,ops-authenticated")
                        .log("x");
                templatedRoute("ops-call").routeId("ops-things").parameter("call", "ops-things");
            }
        });
        Exception refused =
                assertThrows(ProtectedRoutesCheck.UnprotectedRouteException.class, () -> check.check(builder));
        assertThat(refused.getMessage(), containsString("GET /ops/things must call a direct: route of the same file"));
        assertThat(refused.getMessage(), containsString("not a templatedRoute"));
    }

    private RouteBuilder configured(RouteBuilder builder) throws Exception {
        builder.configureRoutes(camel);
        return builder;
    }
}
