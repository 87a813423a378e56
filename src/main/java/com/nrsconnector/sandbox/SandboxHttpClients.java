package com.nrsconnector.sandbox;

import java.net.http.HttpClient;
import java.time.Duration;

/** The HTTP clients the stand-ins call the connector with, as HubSpot does: HTTP/1.1, a short connect timeout. */
final class SandboxHttpClients {

    private SandboxHttpClients() {}

    static HttpClient toConnector() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
