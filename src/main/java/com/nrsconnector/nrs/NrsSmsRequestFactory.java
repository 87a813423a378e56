package com.nrsconnector.nrs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.config.Urls;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * What a 360nrs send needs: the account and endpoint as exchange properties, and the request itself as a map that
 * routes/nrs-sms-request.yaml may change (add, rename or remove fields) before Jackson writes it as JSON.
 */
@ApplicationScoped
@Named("nrsSmsRequestFactory")
@RegisterForReflection
public class NrsSmsRequestFactory {

    public static final String PREPARED_SMS = "preparedSms";

    @Inject
    ConnectorConfig config;

    /** Route step: keeps the prepared send on the exchange, with the values the circuit breaker and the request route use. */
    public void describe(Exchange exchange) {
        PreparedSms sms = exchange.getMessage().getBody(PreparedSms.class);
        exchange.setProperty(PREPARED_SMS, sms);
        exchange.setProperty("messageId", sms.messageId());
        exchange.setProperty("nrsChannel", sms.channel().name());
        exchange.setProperty("nrsAccount", sms.nrsUsername());
        exchange.setProperty("nrsTo", sms.details().phone());
        exchange.setProperty("nrsBaseUrl", Urls.join(config.nrs().apiBaseUrl(), ""));
        exchange.setProperty("nrsAuthorization", "Basic " + Base64.getEncoder()
                .encodeToString((sms.nrsUsername() + ":" + sms.nrsApiPassword()).getBytes(StandardCharsets.UTF_8)));
    }

    /** Route step: the body of POST /sms, as 360nrs documents it. */
    public Map<String, Object> request(@ExchangeProperty(PREPARED_SMS) PreparedSms sms) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("to", List.of(sms.details().phone()));
        request.put("from", sms.sender());
        request.put("message", sms.details().text());
        request.put("encoding", sms.details().encoding());
        request.put("parts", sms.maxParts());
        request.put("campaignName", sms.details().campaignName());
        request.put("notificationUrl", sms.notificationUrl());
        return request;
    }
}
