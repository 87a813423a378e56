package com.nrsconnector.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;


import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The JSON error answers of every HTTP route: what is wrong, and which field when it is about one. */
@ApplicationScoped
@Named("errorResponses")
@RegisterForReflection
public class ErrorResponses {

    @Inject
    JsonAnswer answer;

    public void rejected(Exchange exchange) {
        RequestRejectedException rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                RequestRejectedException.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", rejection.getMessage());
        if (rejection.field() != null) {
            body.put("field", rejection.field());
        }
        answer(exchange, rejection.status(), body);
    }

    public void failed(Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", "the connector could not process this request; it has been recorded for the operators");
        answer(exchange, 500, body);
    }

    private void answer(Exchange exchange, int status, Map<String, Object> body) {
        answer.write(exchange, status, body);
    }
}
