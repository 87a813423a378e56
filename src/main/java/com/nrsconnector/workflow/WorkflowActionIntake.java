package com.nrsconnector.workflow;

import java.util.Map;

import org.apache.camel.Body;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.ops.LogText;
import com.nrsconnector.store.Portal;
import com.nrsconnector.store.PortalStore;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Route step for HubSpot's workflow-action calls: validates, stores, and tells the route what to answer at once. The send itself happens
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

    @Inject
    VoiceLanguages languages;

    /** Route step: the answer to give, the first call's answer for a repeated one. */
    public ActionRequestStore.StoredAnswer acceptSendSms(@Body String body) {
        WorkflowActionRequest request = new WorkflowActionParser(json).parse(body, WorkflowActionParser.SEND_SMS);
        requireConnectedPortal(request);
        SendSmsInput input = SendSmsInput.from(request.inputFields());
        return logged(request, store.acceptSms(request, input, 200, blockAnswer()));
    }

    /** Route step for "Send Voice Message through 360NRS": the same rules as SMS, contact-based workflows only. */
    public ActionRequestStore.StoredAnswer acceptSendVoice(@Body String body) {
        WorkflowActionRequest request = new WorkflowActionParser(json).parse(body, WorkflowActionParser.SEND_VOICE);
        WorkflowActionParser.checkSendVoiceInputs(request.inputFields(), languages.offered());
        requireConnectedPortal(request);
        SendVoiceInput input = SendVoiceInput.from(request.inputFields());
        return logged(request, store.acceptVoice(request, input, 200, blockAnswer()));
    }

    /**
     * Route step for "Send Voice Interactive Message through 360NRS": a voice call with its key map, contact-based
     * workflows only. The key map is stored with the call; what a key does happens when 360nrs reports the press.
     */
    public ActionRequestStore.StoredAnswer acceptSendIvr(@Body String body) {
        WorkflowActionRequest request = new WorkflowActionParser(json).parse(body, WorkflowActionParser.SEND_IVR);
        WorkflowActionParser.checkSendIvrInputs(request.inputFields(), languages.offered());
        requireConnectedPortal(request);
        SendVoiceInput input = SendVoiceInput.from(request.inputFields());
        return logged(request, store.acceptVoice(request, input, 200, blockAnswer()));
    }

    private void requireConnectedPortal(WorkflowActionRequest request) {
        Portal portal = portals.find(request.portalId())
                .orElseThrow(() -> RequestRejectedException.notFound("portal " + request.portalId()
                        + " is not connected to this connector"));
        if (!portal.connected()) {
            throw new RequestRejectedException(409, "portal " + request.portalId() + ("INSTALLED".equals(portal.status())
                    ? " has no 360nrs account linked yet; link one on its connection page"
                    : " has been disconnected; reconnect it before sending"), null);
        }
    }

    private ActionRequestStore.StoredAnswer logged(WorkflowActionRequest request, ActionRequestStore.StoredAnswer answer) {
        LOG.infof("workflow action %s callbackId=%s portal=%d contact=%s %s", request.actionType(),
                LogText.of(request.callbackId()),
                request.portalId(), LogText.of(request.objectId()),
                answer.duplicate() ? "repeated: answered as before" : "stored");
        return answer;
    }

    private String blockAnswer() {
        try {
            return json.writeValueAsString(Map.of("outputFields", Map.of("hs_execution_state", "BLOCK")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
