package com.nrsconnector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Camel's route-file watcher is a development aid: application.properties turns it on in dev and test and in sandbox
 * mode, and leaves it off in production, where POST /ops/routes/reload reloads the routes.
 */
class RouteFileWatcherSettingTest {

    private static final String WATCHER = "camel.main.routes-reload-enabled";

    @ParameterizedTest(name = "profile {0}, CONNECTOR_SANDBOX={1}: watcher {2}")
    @CsvSource({
        "prod, false, false",
        "prod, true, true",
        "prod, , true",
        "dev, false, true",
        "dev, , true",
        "test, false, true",
        "test, , true"
    })
    void theWatcherRunsOutsideProductionOnly(String profile, String sandbox, boolean watching) throws IOException {
        Map<String, String> environment = new HashMap<>();
        if (sandbox != null) {
            environment.put("CONNECTOR_SANDBOX", sandbox);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(
                        RouteFileWatcherSettingTest.class.getResource("/application.properties"), 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .build();
        assertEquals(watching, config.getValue(WATCHER, Boolean.class));
    }
}
