package com.nrsconnector.nrs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.config.Urls;
import com.nrsconnector.config.ConnectorConfig;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Puts the values of a 360nrs send on the exchange as JSON literals (nrsTo, nrsFrom, ...) so that the request's shape
 * itself lives in routes/nrs-sms-request.yaml, where an integration team can change it without a redeploy.
 */
@ApplicationScoped
@Named("nrsSmsRequestFactory")
@RegisterForReflection
public class NrsSmsRequestFactory {

    @Inject
    ObjectMapper json;

    @Inject
    ConnectorConfig config;

    public void describe(Exchange exchange) {
        PreparedSms sms = exchange.getMessage().getBody(PreparedSms.class);
        exchange.setProperty("preparedSms", sms);
        exchange.setProperty("messageId", sms.messageId());
        exchange.setProperty("nrsAccount", sms.nrsUsername());
        exchange.setProperty("nrsBaseUrl", Urls.join(config.nrs().apiBaseUrl(), ""));
        exchange.setProperty("nrsAuthorization", "Basic " + Base64.getEncoder()
                .encodeToString((sms.nrsUsername() + ":" + sms.nrsApiPassword()).getBytes(StandardCharsets.UTF_8)));
        exchange.setProperty("nrsTo", literal(sms.details().phone()));
        exchange.setProperty("nrsFrom", literal(sms.sender()));
        exchange.setProperty("nrsMessage", literal(sms.details().text()));
        exchange.setProperty("nrsEncoding", literal(sms.details().encoding()));
        exchange.setProperty("nrsParts", sms.maxParts());
        exchange.setProperty("nrsCampaignName", literal(sms.details().campaignName()));
        exchange.setProperty("nrsNotificationUrl", literal(sms.notificationUrl()));
    }

    private String literal(String value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
