package com.nrsconnector.workflow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.ops.LogText;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Route step for HubSpot's workflow-action calls: validates, stores (with the calls arriving at the same time, see
 * {@link IntakeWriter}), and tells the route what to answer once the write committed. The send itself happens later,
 * from the queue; the workflow is held (BLOCK) until the message's final status completes it.
 */
@ApplicationScoped
@Named("workflowActionIntake")
@RegisterForReflection
public class WorkflowActionIntake {

    private static final Logger LOG = Logger.getLogger(WorkflowActionIntake.class);

    /** A new execution's answer: the workflow waits (BLOCK) until the message's final status completes it. */
    static final String BLOCK_ANSWER = "{\"outputFields\":{\"hs_execution_state\":\"BLOCK\"}}";

    @Inject
    ObjectMapper json;

    @Inject
    IntakeWriter writer;

    @Inject
    VoiceLanguages languages;

    /** Route step: the answer to give, the first call's answer for a repeated one. */
    public ActionRequestStore.StoredAnswer acceptSendSms(@Body String body) {
        WorkflowActionRequest request = parser().parseSendSms(body);
        SendSmsInput input = SendSmsInput.from(request.inputFields());
        return logged(request, writer.accept(ActionRequestStore.Intake.sms(request, input, 200, BLOCK_ANSWER)));
    }

    /** Route step for "Send Voice Message through 360NRS": the same rules as SMS, contact-based workflows only. */
    public ActionRequestStore.StoredAnswer acceptSendVoice(@Body String body) {
        WorkflowActionRequest request = parser().parseSendVoice(body);
        SendVoiceInput input = SendVoiceInput.from(request.inputFields());
        return logged(request, writer.accept(ActionRequestStore.Intake.voice(request, input, 200, BLOCK_ANSWER)));
    }

    /**
     * Route step for "Send Voice Interactive Message through 360NRS": a voice call with its key map, contact-based
     * workflows only. The key map is stored with the call; what a key does happens when 360nrs reports the press.
     */
    public ActionRequestStore.StoredAnswer acceptSendIvr(@Body String body) {
        WorkflowActionRequest request = parser().parseSendIvr(body);
        SendVoiceInput input = SendVoiceInput.from(request.inputFields());
        return logged(request, writer.accept(ActionRequestStore.Intake.voice(request, input, 200, BLOCK_ANSWER)));
    }

    /** A parser with the languages offered now (the languages file is read again when it changes). */
    private WorkflowActionParser parser() {
        return new WorkflowActionParser(json, languages.offered());
    }

    /** A repeated call is worth a line; a stored one is counted by the route's metrics and logged at DEBUG only. */
    private ActionRequestStore.StoredAnswer logged(
            WorkflowActionRequest request, ActionRequestStore.StoredAnswer answer) {
        if (answer.duplicate()) {
            LOG.infof(
                    "workflow action %s callbackId=%s portal=%d contact=%s repeated: answered as before",
                    request.actionType(),
                    LogText.of(request.callbackId()),
                    request.portalId(),
                    LogText.of(request.objectId()));
        } else if (LOG.isDebugEnabled()) {
            LOG.debugf(
                    "workflow action %s callbackId=%s portal=%d contact=%s stored",
                    request.actionType(),
                    LogText.of(request.callbackId()),
                    request.portalId(),
                    LogText.of(request.objectId()));
        }
        return answer;
    }
}
