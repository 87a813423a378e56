package com.nrsconnector.support;

import java.net.URI;
import java.net.http.HttpRequest;

import com.nrsconnector.hubspot.HubSpotSignatureVerifier;

/**
 * A "Send SMS through 360NRS" execution request as HubSpot sends it to the connector, signed with the sandbox
 * client secret. Dependency-free, so the benchmark can use it from the plain class path.
 */
public final class SignedWorkflowCall {

    public static final String SANDBOX_SECRET = "sandbox-client-secret";
    public static final long DEMO_PORTAL = 62515;

    private SignedWorkflowCall() {}

    /**
     * The unsigned body of a "Send SMS" execution for contact 1001 (mobile phone +34612345678), with the portal id as
     * written ({@code portal}: a number, or something malformed) and {@code inputFields} as raw JSON.
     */
    public static String callBody(String callbackId, String portal, String inputFields) {
        return "{\"callbackId\":\"" + callbackId + "\",\"origin\":{\"portalId\":" + portal
                + ",\"actionDefinitionId\":1},"
                + "\"context\":{\"source\":\"WORKFLOWS\",\"workflowId\":7},"
                + "\"object\":{\"objectId\":1001,\"objectType\":\"CONTACT\",\"properties\":{\"mobilephone\":\"+34612345678\"}},"
                + "\"inputFields\":" + inputFields + "}";
    }

    /** Contact 1001 with a Spanish mobile number; the message's quotes and backslashes must already be escaped. */
    public static HttpRequest sendSms(String baseUrl, String callbackId, String sender, String message) {
        return sendSms(baseUrl, DEMO_PORTAL, callbackId, sender, message);
    }

    /** The same call on behalf of another portal. */
    public static HttpRequest sendSms(String baseUrl, long portalId, String callbackId, String sender, String message) {
        return sendSms(baseUrl, portalId, callbackId, 1001, "+34612345678", sender, message);
    }

    /** The call for one contact of the portal, with its mobile phone (as HubSpot sends it) and first name Ana. */
    public static HttpRequest sendSms(
            String baseUrl,
            long portalId,
            String callbackId,
            long contactId,
            String mobilePhone,
            String sender,
            String message) {
        Signed call = signSendSms(baseUrl, portalId, callbackId, contactId, mobilePhone, sender, message);
        return HttpRequest.newBuilder(URI.create(call.url()))
                .header("Content-Type", "application/json")
                .header(HubSpotSignatureVerifier.TIMESTAMP_HEADER, call.timestamp())
                .header(HubSpotSignatureVerifier.SIGNATURE_HEADER, call.signature())
                .POST(HttpRequest.BodyPublishers.ofString(call.body()))
                .build();
    }

    /**
     * The same call as its parts, for a client other than java.net.http (the benchmark's): a POST of {@code body}
     * (JSON) to {@code url} with the headers {@link HubSpotSignatureVerifier#TIMESTAMP_HEADER} = {@code timestamp} and
     * {@link HubSpotSignatureVerifier#SIGNATURE_HEADER} = {@code signature}.
     */
    public record Signed(String url, String body, String timestamp, String signature) {}

    /** See {@link #sendSms(String, long, String, long, String, String, String)}; signed now. */
    public static Signed signSendSms(
            String baseUrl,
            long portalId,
            String callbackId,
            long contactId,
            String mobilePhone,
            String sender,
            String message) {
        String url = baseUrl + "/hubspot/actions/send-sms";
        String body = "{\"callbackId\":\"" + callbackId + "\",\"origin\":{\"portalId\":" + portalId
                + ",\"actionDefinitionId\":1},\"context\":{\"source\":\"WORKFLOWS\",\"workflowId\":1},"
                + "\"object\":{\"objectId\":" + contactId
                + ",\"objectType\":\"CONTACT\",\"properties\":{\"mobile_phone_360nrs\":null,"
                + "\"mobilephone\":\"" + mobilePhone
                + "\",\"phone\":null,\"mobile_prefix_360nrs\":null,\"firstname\":\"Ana\"}},"
                + "\"inputFields\":{\"sender\":\"" + sender + "\",\"message\":\"" + message + "\"}}";
        String timestamp = Long.toString(System.currentTimeMillis());
        return new Signed(
                url, body, timestamp, HubSpotSignatureVerifier.sign(SANDBOX_SECRET, "POST", url, body, timestamp));
    }
}
