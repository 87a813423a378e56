package com.nrsconnector.hubspot;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.nrsconnector.config.Urls;
import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.config.ConnectorConfig;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Route step that lets only requests signed by HubSpot through; anything else is a 401 and is not stored. */
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
        this.verifier = new HubSpotSignatureVerifier(config.hubspot().clientSecret(),
                config.hubspot().signatureMaxAge(), clock);
        this.publicBaseUrl = config.publicBaseUrl();
    }

    public void verify(Exchange exchange) {
        Message in = exchange.getMessage();
        String body = in.getBody(String.class);
        String method = in.getHeader(Exchange.HTTP_METHOD, "POST", String.class);
        try {
            verifier.verify(method, uriCandidates(in), body,
                    in.getHeader(HubSpotSignatureVerifier.TIMESTAMP_HEADER, String.class),
                    in.getHeader(HubSpotSignatureVerifier.SIGNATURE_HEADER, String.class));
        } catch (HubSpotSignatureVerifier.SignatureRejectedException e) {
            throw RequestRejectedException.unauthorized("HubSpot signature check failed: " + e.getMessage());
        }
        // Keep the exact bytes that were signed as the body from here on.
        in.setBody(body);
    }

    /** The public URL HubSpot called: as configured, and as rebuilt from the Host / X-Forwarded-* headers. */
    private List<String> uriCandidates(Message in) {
        String path = in.getHeader(Exchange.HTTP_PATH, String.class);
        String uriPath = in.getHeader(Exchange.HTTP_URI, String.class);
        String query = in.getHeader(Exchange.HTTP_RAW_QUERY, in.getHeader(Exchange.HTTP_QUERY, String.class), String.class);
        String pathOnly = uriPath != null ? stripQuery(uriPath) : (path == null ? "" : path);
        String pathAndQuery = pathOnly + (query == null || query.isEmpty() ? "" : "?" + query);
        List<String> candidates = new ArrayList<>();
        candidates.add(Urls.join(publicBaseUrl, pathAndQuery));
        String host = in.getHeader("X-Forwarded-Host", in.getHeader("Host", String.class), String.class);
        if (host != null) {
            String proto = in.getHeader("X-Forwarded-Proto", "https", String.class);
            candidates.add(proto + "://" + host + pathAndQuery);
            candidates.add("http://" + host + pathAndQuery);
        }
        return candidates;
    }

    private static String stripQuery(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
