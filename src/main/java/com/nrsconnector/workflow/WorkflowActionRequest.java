package com.nrsconnector.workflow;

import java.util.Map;

/** One execution of a custom workflow action, as HubSpot posted it. */
public record WorkflowActionRequest(
        String callbackId,
        long portalId,
        String actionType,
        String objectType,
        String objectId,
        Map<String, String> objectProperties,
        Map<String, String> inputFields,
        String rawPayload,
        /** HubSpot's context.workflowId, when the execution names its workflow. */
        Long workflowId) {}
