package com.nrsconnector.support;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Every {@code @QuarkusTest} runs on free ports (public and management) and, when CONNECTOR_DB_URL names a
 * PostgreSQL server, on a database of its own that is created here and dropped when the application stops. The
 * database in CONNECTOR_DB_URL itself is never used.
 */
@QuarkusTestResource(TestEnvironment.class)
public class TestEnvironment implements QuarkusTestResourceLifecycleManager {

    private TestDatabases databases;
    private String database;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.test-port", Integer.toString(FreePorts.next()));
        config.put("quarkus.management.test-port", Integer.toString(FreePorts.next()));
        String serverUrl = System.getenv("CONNECTOR_DB_URL");
        if (serverUrl != null && serverUrl.startsWith("jdbc:postgresql:")) {
            databases = new TestDatabases(
                    serverUrl, System.getenv("CONNECTOR_DB_USER"), System.getenv("CONNECTOR_DB_PASSWORD"));
            database = databases.create("connector_test");
            config.put("quarkus.datasource.postgres.jdbc.url", databases.urlOf(database));
        }
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            databases.drop(database);
            database = null;
        }
    }

    /** A URL on the management interface (health, metrics) of the application under test. */
    public static String managementUrl(String path) {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        return "http://localhost:" + port + path;
    }
}
