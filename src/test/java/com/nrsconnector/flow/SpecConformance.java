package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.nrsconnector.sandbox.HubSpotOpenApiValidator;

/** Checks requests the HubSpot stand-in logged against HubSpot's published specs. */
final class SpecConformance {

    private SpecConformance() {}

    /** Everything the HubSpot stand-in was asked so far, oldest first. */
    static List<Map<String, Object>> loggedRequests() {
        return given().get("/sandbox/hubspot/requests")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    /**
     * Each request validates against its spec and carries no undeclared query parameter; only paths no shipped spec
     * covers are left out.
     */
    static void assertEachConformsToItsSpec(List<Map<String, Object>> requests) {
        HubSpotOpenApiValidator specs = new HubSpotOpenApiValidator();
        for (Map<String, Object> request : requests) {
            String method = (String) request.get("method");
            String path = (String) request.get("path");
            String query = (String) request.get("query");
            assertTrue(query == null || !query.contains("Timeout"), method + " " + path + "?" + query);
            if (path.startsWith("/crm/v4/objects/")) {
                continue; // no copy of the associations v4 spec ships with the connector
            }
            @SuppressWarnings("unchecked")
            Map<String, String> logged = (Map<String, String>) request.get("headers");
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(logged);
            assertEquals(
                    List.of(),
                    specs.problems(
                            method,
                            path,
                            headers.get("Content-Type"),
                            (String) request.get("body"),
                            queryParameters(query)),
                    method + " " + path + "?" + query);
        }
    }

    private static Map<String, String> queryParameters(String query) {
        Map<String, String> parameters = new HashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                parameters.put(
                        URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
