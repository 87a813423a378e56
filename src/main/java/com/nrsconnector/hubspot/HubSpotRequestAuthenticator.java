package com.nrsconnector.hubspot;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.config.Urls;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Route step that lets only requests signed by HubSpot (v3, or v2 when no v3 header is present) through; anything
 * else is a 401 and is not stored.
 */
@ApplicationScoped
@Named("hubSpotRequestAuthenticator")
@RegisterForReflection
public class HubSpotRequestAuthenticator {

    private final HubSpotSignatureVerifier verifier;
    private final String publicBaseUrl;

    @Inject
    public HubSpotRequestAuthenticator(ConnectorConfig config) {
        this(config, Clock.systemUTC());
    }

    HubSpotRequestAuthenticator(ConnectorConfig config, Clock clock) {
        this.verifier = new HubSpotSignatureVerifier(
                config.hubspot().clientSecret(), config.hubspot().signatureMaxAge(), clock);
        this.publicBaseUrl = config.publicBaseUrl();
    }

    public void verify(Exchange exchange) {
        Message in = exchange.getMessage();
        String body = in.getBody(String.class);
        String method = in.getHeader(Exchange.HTTP_METHOD, "POST", String.class);
        try {
            verifier.verify(
                    method,
                    List.of(signedUri(in)),
                    body,
                    new HubSpotSignatureVerifier.SignatureHeaders(
                            in.getHeader(HubSpotSignatureVerifier.SIGNATURE_HEADER, String.class),
                            in.getHeader(HubSpotSignatureVerifier.TIMESTAMP_HEADER, String.class),
                            in.getHeader(HubSpotSignatureVerifier.V2_SIGNATURE_HEADER, String.class),
                            in.getHeader(HubSpotSignatureVerifier.VERSION_HEADER, String.class)));
        } catch (HubSpotSignatureVerifier.SignatureRejectedException e) {
            throw RequestRejectedException.unauthorized("HubSpot signature check failed: " + e.getMessage());
        }
        // Keep the exact bytes that were signed as the body from here on.
        in.setBody(body);
    }

    /**
     * The URL HubSpot was given: the configured public URL with the request's path and query. Host and X-Forwarded-*
     * are the caller's to choose, so they play no part: a signature made for another host or scheme never matches.
     */
    private String signedUri(Message in) {
        String uri = in.getHeader(Exchange.HTTP_URI, String.class);
        String path = uri != null ? pathOf(uri) : in.getHeader(Exchange.HTTP_PATH, "", String.class);
        String query =
                in.getHeader(Exchange.HTTP_RAW_QUERY, in.getHeader(Exchange.HTTP_QUERY, String.class), String.class);
        return Urls.join(publicBaseUrl, path + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    /** The path of a request target, also when it came in absolute form ("POST http://host/path HTTP/1.1"). */
    private static String pathOf(String uri) {
        String path = uri;
        int scheme = path.indexOf("://");
        if (scheme > 0 && path.indexOf('/') > scheme) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }
}
