package com.nrsconnector.nrs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.api.ProviderAnswers;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Reads 360nrs's answer to a send request (POST /sms, or /voice), per recipient. 202 and 207 carry one result per
 * recipient, found by its number ({@code to}) or, for results that name none, by its position; a recipient the answer
 * has no result for may have been accepted, so its outcome is unknown (never requested again). 4xx are permanent
 * refusals of the whole request (invalid number, bad credentials, no credit, text too long): every recipient becomes
 * NOT_SENT with the provider's reason. 429 and 5xx are transient (retried unless the answer leaves open whether the
 * messages were accepted, as a 504 does).
 */
@ApplicationScoped
@Named("nrsResponseInterpreter")
@RegisterForReflection
public class NrsResponseInterpreter {

    @Inject
    ObjectMapper json;

    /** Route step: 360nrs's answer for this request (the status code and body of its HTTP answer). */
    public NrsRequestResult interpret(
            @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
            @Body String body,
            @ExchangeProperty(NrsSmsRequestFactory.PREPARED_SEND) SendGroup request) {
        return read(status == null ? 0 : status, body, request.numbers());
    }

    /** The answer for the request to {@code numbers}, one result each, in their order. */
    public NrsRequestResult read(int status, String body, List<String> numbers) {
        JsonNode root = ProviderAnswers.json(json, body);
        if (status == 200 || status == 201 || status == 202 || status == 207) {
            JsonNode results = root.path("result");
            if (!results.isArray() || results.isEmpty()) {
                // A success status without results may still mean the messages were accepted: never resent.
                throw new TransientProviderException(
                        "360nrs answered " + status + " without a result list: " + ProviderAnswers.abbreviate(body),
                        true);
            }
            String sendingId = root.path("sendingId").asText(null);
            Map<String, JsonNode> byNumber = new HashMap<>();
            for (JsonNode candidate : results) {
                String to = digits(candidate.path("to").asText(null));
                if (!to.isEmpty()) {
                    byNumber.putIfAbsent(to, candidate);
                }
            }
            List<NrsSendResult> perRecipient = new ArrayList<>();
            for (int i = 0; i < numbers.size(); i++) {
                JsonNode mine = byNumber.get(digits(numbers.get(i)));
                if (mine == null && numbers.size() == 1 && results.size() == 1) {
                    // One recipient, one result: its own, whatever number it names.
                    mine = results.get(0);
                } else if (mine == null
                        && i < results.size()
                        && digits(results.get(i).path("to").asText(null)).isEmpty()) {
                    // A result that names no number stands for the recipient at its position.
                    mine = results.get(i);
                }
                perRecipient.add(
                        mine == null
                                ? NrsSendResult.unknown(
                                        "360nrs answered " + status + " without a result for " + numbers.get(i))
                                : resultOf(mine, sendingId));
            }
            return new NrsRequestResult(status, perRecipient);
        }
        if (status == 408 || status == 429 || status >= 500 || status == 0) {
            // A gateway timeout (504) or no status at all says nothing about whether 360nrs took the messages.
            boolean mayHaveBeenAccepted = status == 504 || status == 0;
            throw new TransientProviderException(
                    "360nrs answered HTTP " + status + ": " + ProviderAnswers.abbreviate(body), mayHaveBeenAccepted);
        }
        JsonNode error = root.path("error");
        Integer code = error.path("code").isNumber() ? error.path("code").asInt() : null;
        String description = error.path("description").asText(null);
        NrsSendResult refused = NrsSendResult.refused(
                code, description != null ? description : "HTTP " + status + " " + ProviderAnswers.abbreviate(body));
        return new NrsRequestResult(status, numbers.stream().map(n -> refused).toList());
    }

    private static NrsSendResult resultOf(JsonNode result, String sendingId) {
        if (result.path("accepted").asBoolean(false)) {
            String id = result.path("id").asText(null);
            if (id == null || id.isBlank()) {
                id = sendingId;
            }
            return NrsSendResult.accepted(id);
        }
        JsonNode error = result.path("error");
        return NrsSendResult.refused(
                error.path("code").isNumber() ? error.path("code").asInt() : null,
                error.path("description").asText("recipient not accepted"));
    }

    private static String digits(String number) {
        return number == null ? "" : number.replaceAll("[^0-9]", "");
    }
}
