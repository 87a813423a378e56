package com.nrsconnector.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import com.nrsconnector.support.TestEnvironment;

import io.quarkus.test.junit.QuarkusTest;

/** Health and metrics answer on the management interface only, never next to the public endpoints. */
@QuarkusTest
class ManagementInterfaceTest {

    @Test
    void healthIsNotOnThePublicPort() {
        given().get("/q/health")
                .then()
                .statusCode(404)
                .contentType("application/json")
                .body("status", equalTo("error"))
                .body("message", containsString("/q/health"));
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void healthAndMetricsAreOnTheManagementPort() {
        given().get(TestEnvironment.managementUrl("/q/health"))
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));
        given().get(TestEnvironment.managementUrl("/q/metrics"))
                .then()
                .statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void readinessQueriesTheConnectorDatabase() {
        given().get(TestEnvironment.managementUrl("/q/health/ready"))
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'connector database' }.status", equalTo("UP"))
                .body("checks.name", hasItem("connector database"));
    }

    @Test
    void pingIsThePublicLivenessAnswer() {
        given().get("/api/v1/ping")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("status", equalTo("ok"));
    }
}
