package com.nrsconnector.hubspot;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.api.ProviderAnswers;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The steps of the HubSpot routes that turn requests into JSON and HTTP answers into results or
 * {@link HubSpotApiException}s that say whether a retry makes sense: 429 and 5xx are transient (with how long to wait),
 * any other 4xx is permanent, and so is a 2xx the caller could not use.
 */
@ApplicationScoped
@Named("hubspotResponses")
@RegisterForReflection
public class HubSpotResponses {

    /** Used when a 429 names no wait (HubSpot's rate-limit window is 10 s). */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(10);

    @Inject
    ObjectMapper json;

    public HubSpotResponses() {}

    HubSpotResponses(ObjectMapper json) {
        this.json = json;
    }

    /** The request body as JSON, or null when the call sends none. */
    public String requestJson(@Body HubSpotRequest request) throws JsonProcessingException {
        return request.body() == null ? null : json.writeValueAsString(request.body());
    }

    /** The answer of an API call: its JSON on 2xx, otherwise a HubSpotApiException. */
    public JsonNode interpret(
            @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
            @Header("Retry-After") String retryAfter,
            @Header("X-HubSpot-RateLimit-Interval-Milliseconds") String rateLimitInterval,
            @Body String body,
            @ExchangeProperty(HubSpotCall.DESCRIPTION) String call) {
        int code = status == null ? 0 : status;
        if (code >= 200 && code < 300) {
            return ProviderAnswers.json(json, body);
        }
        boolean transientFailure = code == 429 || code >= 500;
        throw new HubSpotApiException(
                "HubSpot " + call + " answered " + code + ": " + ProviderAnswers.abbreviate(body),
                code,
                transientFailure,
                transientFailure ? retryAfter(code, retryAfter, rateLimitInterval) : null,
                body == null ? "" : body);
    }

    /** The answer of a token revocation: any 2xx; anything else is a HubSpotApiException like other calls'. */
    public void revoked(
            @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
            @Body String body,
            @ExchangeProperty(HubSpotCall.DESCRIPTION) String call) {
        int code = status == null ? 0 : status;
        if (code < 200 || code >= 300) {
            boolean transientFailure = code == 429 || code >= 500;
            throw new HubSpotApiException("HubSpot " + call + " answered " + code, code, transientFailure, null);
        }
    }

    /** The answer of a token refresh or code exchange (POST /oauth/v3/token). */
    public TokenGrant grant(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body) {
        int code = status == null ? 0 : status;
        JsonNode answer = ProviderAnswers.json(json, body);
        if (code == 400 && "invalid_grant".equals(answer.path("error").asText())) {
            throw new GrantRevokedException("HubSpot refused the refresh token (invalid_grant)");
        }
        if (code != 200 || !answer.hasNonNull("access_token")) {
            // The body of a refused refresh is left out: it may echo what was sent.
            throw new HubSpotApiException(
                    "HubSpot token refresh answered " + code, code, code == 429 || code >= 500, null);
        }
        String refreshToken =
                answer.hasNonNull("refresh_token") ? answer.get("refresh_token").asText() : null;
        return new TokenGrant(
                answer.get("access_token").asText(),
                refreshToken,
                Instant.now().plusSeconds(answer.path("expires_in").asLong(1800)));
    }

    /** doCatch step: HubSpot could not be reached or did not answer in time, which is worth another try. */
    public void unreachable(
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) IOException cause,
            @ExchangeProperty(HubSpotCall.DESCRIPTION) String call) {
        throw new HubSpotApiException("HubSpot " + call + " failed: " + cause, 0, true, null);
    }

    static Duration retryAfter(int status, String retryAfter, String rateLimitInterval) {
        Duration named = seconds(retryAfter);
        if (named != null) {
            return named;
        }
        if (status != 429) {
            return null;
        }
        Duration window = millis(rateLimitInterval);
        return window != null ? window : DEFAULT_RATE_LIMIT_WAIT;
    }

    private static Duration seconds(String value) {
        try {
            return value == null ? null : Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration millis(String value) {
        try {
            return value == null ? null : Duration.ofMillis(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
