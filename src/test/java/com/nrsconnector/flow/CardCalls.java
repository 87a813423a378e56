package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import com.nrsconnector.hubspot.HubSpotSignatureVerifier;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Test-side client of the contact-record card and its send form, as HubSpot's app card and the form's script call them. */
final class CardCalls {

    static final String CARD = "/hubspot/card/messages";
    static final String SECRET = "sandbox-client-secret";
    static final long DEMO_PORTAL = 62515;

    private CardCalls() {}

    static String publicBaseUrl() {
        return ConfigProvider.getConfig().getValue("connector.public-base-url", String.class);
    }

    /** The card's request, signed as HubSpot signs a {@code hubspot.fetch} (v3, GET, empty body). */
    static ValidatableResponse card(String query) {
        return card(query, SECRET);
    }

    static ValidatableResponse card(String query, String secret) {
        String ts = Long.toString(System.currentTimeMillis());
        String signature = HubSpotSignatureVerifier.sign(secret, "GET", publicBaseUrl() + CARD + "?" + query, "", ts);
        return given().urlEncodingEnabled(false)
                .header(HubSpotSignatureVerifier.TIMESTAMP_HEADER, ts)
                .header(HubSpotSignatureVerifier.SIGNATURE_HEADER, signature)
                .get(CARD + "?" + query)
                .then();
    }

    /** The "Send SMS" form link the card hands out for a contact of the demo portal. */
    static String smsFormUrl(String contactId) {
        return smsFormUrl(DEMO_PORTAL, contactId);
    }

    static String smsFormUrl(long portalId, String contactId) {
        return card("portalId=" + portalId + "&contactId=" + contactId)
                .statusCode(200)
                .extract()
                .path("forms.sms.url");
    }

    /** The "Send Voice Message" form link the card hands out for a contact of the demo portal. */
    static String voiceFormUrl(String contactId) {
        return card("portalId=" + DEMO_PORTAL + "&contactId=" + contactId)
                .statusCode(200)
                .extract()
                .path("forms.voice.url");
    }

    /** portalId, contactId and token of a form link. */
    static Map<String, String> linkParameters(String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return parameters;
    }

    /** The form's send, with the link's parameters and the given fields (a null value leaves the field out). */
    static ValidatableResponse send(Map<String, String> link, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>(link);
        fields.forEach((name, value) -> {
            if (value == null) {
                body.remove(name);
            } else {
                body.put(name, value);
            }
        });
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/forms/sms/send")
                .then();
    }

    static ValidatableResponse context(Map<String, String> link) {
        return given().urlEncodingEnabled(false)
                .get("/forms/sms/context?" + query(link))
                .then();
    }

    static ValidatableResponse page(Map<String, String> link) {
        return given().urlEncodingEnabled(false)
                .get("/forms/sms?" + query(link))
                .then();
    }

    static String query(Map<String, String> link) {
        StringBuilder query = new StringBuilder();
        link.forEach((name, value) -> query.append(query.length() == 0 ? "" : "&")
                .append(name)
                .append('=')
                .append(value));
        return query.toString();
    }
}
