package com.nrsconnector.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.ObjectHelper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON error answers of every HTTP route: what is wrong, and which field when it is about one. */
@ApplicationScoped
@Named("errorResponses")
@RegisterForReflection
public class ErrorResponses {

    public Map<String, Object> rejected(
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) RequestRejectedException rejection) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", rejection.getMessage());
        if (rejection.field() != null) {
            body.put("field", rejection.field());
        }
        return body;
    }

    /** A body the REST binding could not parse: Jackson's own words, without the parser's source excerpt. */
    public Map<String, Object> unreadableJson(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception caught) {
        JsonProcessingException json = ObjectHelper.getException(JsonProcessingException.class, caught);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put(
                "message",
                "the request body is not valid JSON" + (json == null ? "" : ": " + json.getOriginalMessage()));
        body.put("field", "body");
        return body;
    }

    /** A write the connector could not take or finish because it is shutting down: nothing was stored. */
    public Map<String, Object> shuttingDown() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", "the connector is shutting down; call again");
        return body;
    }

    public Map<String, Object> failed() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", "the connector could not process this request; it has been recorded for the operators");
        return body;
    }
}
