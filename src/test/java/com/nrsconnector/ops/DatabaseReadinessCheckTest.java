package com.nrsconnector.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Readiness follows what the database really answers, whatever the connection pool believes. */
class DatabaseReadinessCheckTest {

    @Test
    void closedDatabaseIsDownWithTheReason() {
        DataSource closed = dataSource(() -> {
            throw new SQLException("Database is already closed (to disable automatic closing at VM shutdown, ...)");
        });
        HealthCheckResponse response = new DatabaseReadinessCheck(closed, Duration.ofSeconds(2)).call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertTrue(
                String.valueOf(response.getData().get().get("reason")).contains("Database is already closed"),
                response.getData().toString());
    }

    @Test
    void databaseThatDoesNotAnswerIsDownAfterTheTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        DataSource hung = dataSource(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLException("released");
        });
        try {
            HealthCheckResponse response = new DatabaseReadinessCheck(hung, Duration.ofMillis(200)).call();
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
            assertEquals("no answer within 200 ms", response.getData().get().get("reason"));
        } finally {
            release.countDown();
        }
    }

    interface ConnectionSource {
        Connection get() throws SQLException;
    }

    private static DataSource dataSource(ConnectionSource connections) {
        return (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getConnection":
                            return connections.get();
                        case "getLogWriter":
                            return (PrintWriter) null;
                        case "getParentLogger":
                            return Logger.getGlobal();
                        case "toString":
                            return "test data source";
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
