package com.nrsconnector.flow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.builder.RouteBuilder;

import com.nrsconnector.routes.ErrorHandlingConfiguration;

/** An in-process route for replay tests: keeps what it receives, and fails on a body that asks it to. */
public class ReplayProbeRoutes extends RouteBuilder {

    static final String ROUTE_ID = "ops-replay-probe";
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public void configure() {
        from("direct:ops-replay-probe")
                .routeId(ROUTE_ID)
                .routeConfigurationId(ErrorHandlingConfiguration.BACKGROUND)
                .process(exchange -> {
                    String body = exchange.getMessage().getBody(String.class);
                    if (body.contains("fail")) {
                        throw new IllegalStateException("probe asked to fail: " + body);
                    }
                    RECEIVED.add(body + "|" + exchange.getMessage().getHeader("X-Probe", String.class));
                });
    }
}
