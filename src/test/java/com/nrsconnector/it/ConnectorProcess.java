package com.nrsconnector.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nrsconnector.support.FreePorts;

/**
 * The packaged connector (target/quarkus-app/quarkus-run.jar) started as a separate process, as in production. Public
 * for the benchmark (bench/), which starts the connector the same way.
 */
public final class ConnectorProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** As in production (docs/production.md, docker/): a bounded heap, and a process that stops on OutOfMemoryError. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError");

    final String name;
    final int port;
    final int managementPort;
    private final Process process;

    private ConnectorProcess(String name, int port, int managementPort, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
    }

    /** Starts the connector on free public and management ports and waits until it is ready. */
    public static ConnectorProcess start(String name, Map<String, String> environment, Map<String, String> properties)
            throws IOException, InterruptedException {
        return start(name, FreePorts.next(), environment, properties);
    }

    /**
     * Starts the connector on the given public port (a restarted instance keeps its public URL, which 360nrs calls
     * back) and a free management port, and waits until it is ready.
     */
    static ConnectorProcess start(
            String name, int port, Map<String, String> environment, Map<String, String> properties)
            throws IOException, InterruptedException {
        int managementPort = FreePorts.next();
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the connector first (mvn -B verify does)");
        }
        Path logs = Files.createDirectories(Path.of("target/it-logs"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.port=" + managementPort);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().remove("CONNECTOR_DB_URL");
        builder.environment().putAll(environment);
        ConnectorProcess started = new ConnectorProcess(name, port, managementPort, builder.start());
        started.awaitReady(Duration.ofSeconds(90));
        return started;
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    public String managementUrl(String path) {
        return "http://localhost:" + managementPort + path;
    }

    private void awaitReady(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + "; see target/it-logs/" + name + ".log");
            }
            try {
                HttpResponse<Void> ready = HTTP.send(
                        HttpRequest.newBuilder(URI.create(managementUrl("/q/health/ready")))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(name + " was not ready within " + limit);
    }

    /** The operating system's id of the process (for /proc/<pid>/status). */
    public long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hook, no graceful stop. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
