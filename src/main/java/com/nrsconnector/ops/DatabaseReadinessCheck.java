package com.nrsconnector.ops;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.runtime.ShutdownEvent;

/**
 * Ready only while the connector's database answers a real query: a pool can hand out connections to a database
 * that is already closed (the embedded one after an OutOfMemoryError), and nothing can be stored then.
 */
@Readiness
@Singleton
public class DatabaseReadinessCheck implements HealthCheck {

    static final String NAME = "connector database";

    private final DataSource dataSource;
    private final Duration timeout;
    // The query runs apart from the health request so that a hung connection cannot hold the probe.
    private final ExecutorService probe = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "database-readiness");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public DatabaseReadinessCheck(
            @Named("connectorDb") DataSource dataSource,
            @ConfigProperty(name = "health.database-timeout", defaultValue = "3S") Duration timeout) {
        this.dataSource = dataSource;
        this.timeout = timeout;
    }

    @Override
    public HealthCheckResponse call() {
        CompletableFuture<Void> query = CompletableFuture.runAsync(this::query, probe);
        try {
            query.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return HealthCheckResponse.up(NAME);
        } catch (TimeoutException e) {
            query.cancel(true);
            return down("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return down(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("interrupted");
        }
    }

    private void query() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                if (!rows.next() || rows.getInt(1) != 1) {
                    throw new IllegalStateException("SELECT 1 did not answer 1");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static HealthCheckResponse down(String reason) {
        return HealthCheckResponse.named(NAME).down().withData("reason", reason).build();
    }

    void stop(@Observes ShutdownEvent event) {
        probe.shutdownNow();
    }
}
