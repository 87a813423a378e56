package com.nrsconnector.nrs;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.api.ProviderAnswers;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Reads 360nrs's answer to POST /sms. 202 and 207 carry one result per recipient; 4xx are permanent refusals (invalid
 * number, bad credentials, no credit, text too long) that become NOT_SENT with the provider's reason; 429 and 5xx are
 * transient (retried unless the answer leaves open whether the message was accepted, as a 504 does).
 */
@ApplicationScoped
@Named("nrsSmsResponseInterpreter")
@RegisterForReflection
public class NrsSmsResponseInterpreter {

    @Inject
    ObjectMapper json;

    /** Route step: 360nrs's answer for this send (the status code and body of its HTTP answer). */
    public NrsSendResult interpret(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body,
            @ExchangeProperty("nrsTo") String to) {
        return interpret(status == null ? 0 : status, body, to);
    }

    public NrsSendResult interpret(int status, String body, String to) {
        JsonNode root = ProviderAnswers.json(json, body);
        if (status == 200 || status == 201 || status == 202 || status == 207) {
            JsonNode results = root.path("result");
            if (!results.isArray() || results.isEmpty()) {
                // A success status without results may still mean the message was accepted: never resent.
                throw new TransientProviderException("360nrs answered " + status + " without a result list: "
                        + ProviderAnswers.abbreviate(body), true);
            }
            // One recipient per request: its result is the one naming it, or the only one.
            JsonNode mine = results.size() == 1 ? results.get(0) : null;
            for (JsonNode candidate : results) {
                if (to != null && to.equals(candidate.path("to").asText(null))) {
                    mine = candidate;
                }
            }
            if (mine == null) {
                // Not retried: the message may have been accepted, and sending it twice is worse.
                return NrsSendResult.refused(null, "360nrs answered " + status + " without a result for " + to);
            }
            if (mine.path("accepted").asBoolean(false)) {
                String id = mine.path("id").asText(null);
                if (id == null || id.isBlank()) {
                    id = root.path("sendingId").asText(null);
                }
                return NrsSendResult.accepted(id);
            }
            JsonNode error = mine.path("error");
            return NrsSendResult.refused(error.path("code").isNumber() ? error.path("code").asInt() : null,
                    error.path("description").asText("recipient not accepted"));
        }
        if (status == 408 || status == 429 || status >= 500 || status == 0) {
            // A gateway timeout (504) or no status at all says nothing about whether 360nrs took the message.
            boolean mayHaveBeenAccepted = status == 504 || status == 0;
            throw new TransientProviderException("360nrs answered HTTP " + status + ": " + ProviderAnswers.abbreviate(body),
                    mayHaveBeenAccepted);
        }
        JsonNode error = root.path("error");
        Integer code = error.path("code").isNumber() ? error.path("code").asInt() : null;
        String description = error.path("description").asText(null);
        return NrsSendResult.refused(code,
                description != null ? description : "HTTP " + status + " " + ProviderAnswers.abbreviate(body));
    }
}
