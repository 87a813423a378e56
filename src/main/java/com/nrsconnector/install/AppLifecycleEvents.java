package com.nrsconnector.install;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.store.PortalStore;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Route step for HubSpot's app lifecycle events (signature already checked): an event or a batch of events; each
 * {@code APP_LIFECYCLE_EVENT} with action {@code APP_UNINSTALL} disconnects its portal. Other events are counted and
 * left alone. Answers what was done.
 */
@ApplicationScoped
@Named("appLifecycleEvents")
@RegisterForReflection
public class AppLifecycleEvents {

    private static final Logger LOG = Logger.getLogger(AppLifecycleEvents.class);
    static final int MAX_EVENTS = 100;

    @Inject
    ObjectMapper json;

    @Inject
    PortalStore portals;

    @Inject
    PortalDisconnection disconnection;

    public Map<String, Object> handle(@Body String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw RequestRejectedException.badRequest("body", "the body is not JSON");
        }
        List<JsonNode> events = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(events::add);
        } else if (root != null && root.isObject()) {
            events.add(root);
        } else {
            throw RequestRejectedException.badRequest("body", "the body must be an event or an array of events");
        }
        if (events.size() > MAX_EVENTS) {
            throw RequestRejectedException.badRequest("body", "at most " + MAX_EVENTS + " events per call");
        }
        List<Long> uninstalls = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            if (!event.isObject()) {
                throw RequestRejectedException.badRequest("[" + i + "]", "an event must be a JSON object");
            }
            String action = event.path("action").asText(event.path("actionType").asText());
            if (!"APP_LIFECYCLE_EVENT".equals(event.path("subscriptionType").asText())
                    || !"APP_UNINSTALL".equals(action)) {
                if ("APP_INSTALL".equals(action)) {
                    // The install itself is the OAuth callback, which stores the portal's tokens.
                    LOG.infof(
                            "portal %s installed the app",
                            event.path("portalId").asText("?"));
                }
                continue;
            }
            JsonNode portal = event.path("portalId");
            if (!portal.canConvertToLong() || portal.asLong() <= 0) {
                throw RequestRejectedException.badRequest("[" + i + "].portalId", "portalId must be a positive number");
            }
            JsonNode occurredAt = event.path("occurredAt");
            if (occurredAt.canConvertToLong() && installedAfter(portal.asLong(), occurredAt.asLong())) {
                // HubSpot announces an uninstall by webhook and in its journal: the late copy of one that was
                // followed by a new install is history, not a request to disconnect the new installation.
                LOG.infof(
                        "portal %d: uninstall of %s ignored, the app was installed again after it",
                        portal.asLong(), Instant.ofEpochMilli(occurredAt.asLong()));
                continue;
            }
            uninstalls.add(portal.asLong());
        }
        List<Long> disconnected = new ArrayList<>();
        for (long portalId : uninstalls) {
            if (portals.find(portalId).map(p -> !p.disconnected()).orElse(false)) {
                disconnection.disconnect(portalId, "uninstalled in HubSpot");
                disconnected.add(portalId);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "ok");
        answer.put("events", events.size());
        answer.put("disconnected", disconnected);
        return answer;
    }

    private boolean installedAfter(long portalId, long occurredAtMillis) {
        return portals.installedAt(portalId)
                .map(installed -> installed.isAfter(Instant.ofEpochMilli(occurredAtMillis)))
                .orElse(false);
    }
}
