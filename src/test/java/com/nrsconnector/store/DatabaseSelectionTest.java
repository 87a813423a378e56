package com.nrsconnector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The suite really runs on the database it claims to: PostgreSQL when CONNECTOR_DB_URL is set, H2 otherwise. */
@QuarkusTest
class DatabaseSelectionTest {

    @Inject
    Db db;

    @ConfigProperty(name = "connector.db.active")
    String active;

    @Test
    void activeDatabaseFollowsConnectorDbUrl() {
        String url = System.getenv("CONNECTOR_DB_URL");
        boolean postgres = url != null && url.startsWith("jdbc:postgresql:");
        assertEquals(postgres ? "postgres" : "embedded", active);
        String product = db.inTransaction(c -> c.getMetaData().getDatabaseProductName());
        assertEquals(postgres ? "PostgreSQL" : "H2", product);
        System.out.println("tests are running on " + product + " (" + db.inTransaction(c -> c.getMetaData().getURL()) + ")");
    }
}
