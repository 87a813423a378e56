package com.nrsconnector.config;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Chooses the database at run time: PostgreSQL when CONNECTOR_DB_URL is set, the embedded H2 file otherwise.
 * Quarkus fixes each datasource's db-kind at build time, so both are declared and exactly one is made active here.
 */
public class DatabaseSelectionConfigSource implements ConfigSource {

    static final String URL_VARIABLE = "CONNECTOR_DB_URL";

    @Override
    public Map<String, String> getProperties() {
        boolean postgres = postgresRequested();
        return Map.of(
                "quarkus.datasource.postgres.active", Boolean.toString(postgres),
                "quarkus.datasource.embedded.active", Boolean.toString(!postgres),
                "connector.db.active", postgres ? "postgres" : "embedded");
    }

    @Override
    public Set<String> getPropertyNames() {
        return getProperties().keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return getProperties().get(propertyName);
    }

    @Override
    public String getName() {
        return "connector-database-selection";
    }

    @Override
    public int getOrdinal() {
        // Above application.properties (250) and config/application.properties (260), below system properties (400).
        return 270;
    }

    static boolean postgresRequested() {
        String url = System.getProperty("connector.db.url", System.getenv(URL_VARIABLE));
        return url != null && url.startsWith("jdbc:postgresql:");
    }
}
