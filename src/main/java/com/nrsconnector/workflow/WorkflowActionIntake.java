package com.nrsconnector.workflow;

import java.util.Map;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.store.Portal;
import com.nrsconnector.store.PortalStore;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Route step for HubSpot's workflow-action calls: validates, stores, and answers at once. The send itself happens
 * later, from the queue; the workflow is held (BLOCK) until the message's final status completes it.
 */
@ApplicationScoped
@Named("workflowActionIntake")
@RegisterForReflection
public class WorkflowActionIntake {

    private static final Logger LOG = Logger.getLogger(WorkflowActionIntake.class);

    @Inject
    ObjectMapper json;

    @Inject
    PortalStore portals;

    @Inject
    ActionRequestStore store;

    public void acceptSendSms(Exchange exchange) {
        WorkflowActionRequest request = new WorkflowActionParser(json)
                .parse(exchange.getMessage().getBody(String.class), WorkflowActionParser.SEND_SMS);
        Portal portal = portals.find(request.portalId())
                .orElseThrow(() -> RequestRejectedException.notFound("portal " + request.portalId()
                        + " is not connected to this connector"));
        if (!portal.connected()) {
            throw new RequestRejectedException(409, "portal " + request.portalId()
                    + " has been disconnected; reconnect it before sending", null);
        }
        SendSmsInput input = SendSmsInput.from(request.inputFields());
        ActionRequestStore.StoredAnswer answer = store.acceptSms(request, input, 200, blockAnswer());
        LOG.infof("workflow action callbackId=%s portal=%d contact=%s %s",
                com.nrsconnector.ops.LogText.of(request.callbackId()), request.portalId(),
                com.nrsconnector.ops.LogText.of(request.objectId()),
                answer.duplicate() ? "repeated: answered as before" : "stored");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(answer.body());
    }

    private String blockAnswer() {
        try {
            return json.writeValueAsString(Map.of("outputFields", Map.of("hs_execution_state", "BLOCK")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
