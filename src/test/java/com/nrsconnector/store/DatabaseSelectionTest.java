package com.nrsconnector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The suite really runs on the database it claims to: PostgreSQL when CONNECTOR_DB_URL is set (on a database the run
 * made for itself), H2 otherwise.
 */
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
        String database = db.inTransaction(c -> c.getCatalog());
        if (postgres) {
            // A database of this run's own, never the one CONNECTOR_DB_URL names.
            assertTrue(database.matches("connector_test_[0-9a-f]{12}"), database);
            assertNotEquals(url.substring(url.lastIndexOf('/') + 1).split("\\?")[0], database);
        }
        System.out.println("tests are running on " + product + " ("
                + db.inTransaction(c -> c.getMetaData().getURL()) + ")");
    }
}
