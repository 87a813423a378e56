package com.nrsconnector.flow;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.nrsconnector.support.FreePorts;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A HubSpot that accepts every request and never answers (until the tests end), so a call can only end by the
 * connector's own timeout. It counts what it received, so a test knows the request got there.
 */
public class HangingHubSpot implements QuarkusTestResourceLifecycleManager {

    static final AtomicInteger RECEIVED = new AtomicInteger();

    private final CountDownLatch released = new CountDownLatch(1);
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hubspot/", exchange -> {
            RECEIVED.incrementAndGet();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        // The default http component (360nrs's) waits ten minutes here: a call that ends sooner ended by HubSpot's
        // own timeout.
        return Map.of(
                "connector.hubspot.api-base-url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/hubspot",
                "connector.hubspot.request-timeout",
                "2S",
                "camel.component.http.response-timeout",
                "600000",
                "camel.component.http.so-timeout",
                "600000");
    }

    @Override
    public void stop() {
        released.countDown();
        if (server != null) {
            server.stop(0);
        }
    }
}
