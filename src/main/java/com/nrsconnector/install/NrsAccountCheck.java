package com.nrsconnector.install;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Asks 360nrs whether an API user and password open the account ({@code GET /account}, through the route
 * {@value #ENDPOINT}) before anything is stored.
 */
@ApplicationScoped
public class NrsAccountCheck {

    public static final String ENDPOINT = "direct:nrs-account-check";
    /** The exchange property carrying the Basic credentials to the route (never a header a log could show). */
    public static final String AUTHORIZATION = "nrsAuthorization";

    public enum Result {
        VALID,
        WRONG_CREDENTIALS,
        UNAVAILABLE
    }

    @Inject
    ProducerTemplate producer;

    public Result check(String apiUser, String apiPassword) {
        String basic = "Basic "
                + Base64.getEncoder().encodeToString((apiUser + ":" + apiPassword).getBytes(StandardCharsets.UTF_8));
        Exchange answer;
        try {
            answer = producer.send(ENDPOINT, exchange -> exchange.setProperty(AUTHORIZATION, basic));
        } catch (CamelExecutionException e) {
            return Result.UNAVAILABLE;
        }
        if (answer.getException() != null) {
            return Result.UNAVAILABLE;
        }
        return interpret(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class));
    }

    static Result interpret(Integer status) {
        if (status == null) {
            return Result.UNAVAILABLE;
        }
        if (status >= 200 && status < 300) {
            return Result.VALID;
        }
        if (status == 401 || status == 403) {
            return Result.WRONG_CREDENTIALS;
        }
        return Result.UNAVAILABLE;
    }
}
