package com.nrsconnector.timeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.nrsconnector.hubspot.HubSpotApiException;

class TimelineWholeBatchRefusalTest {

    private final TimelineEventWriter writer = new TimelineEventWriter();

    private static HubSpotApiException answered(int status) {
        return new HubSpotApiException(
                "HubSpot answered " + status, status, status == 429 || status >= 500, null, "{\"status\":\"error\"}");
    }

    @Test
    void hubSpotsBadRequestAndConflictRefuseTheWholeBatch() {
        assertTrue(writer.refusesWholeBatch(answered(400)));
        assertTrue(writer.refusesWholeBatch(answered(409)));
    }

    @Test
    void otherAnswersAndTheConnectorsOwnConflictDoNotSplitTheBatch() {
        for (int status : new int[] {401, 403, 404, 429, 500, 503}) {
            assertFalse(writer.refusesWholeBatch(answered(status)), "status " + status);
        }
        assertFalse(writer.refusesWholeBatch(new HubSpotApiException("portal 1 is disconnected", 409, false, null)));
    }

    @Test
    void onlyHubSpotsConflictSaysALoneEventIsWrittenAlready() {
        assertTrue(writer.alreadyWritten(answered(409)));
        assertFalse(writer.alreadyWritten(answered(400)));
        assertFalse(writer.alreadyWritten(new HubSpotApiException("portal 1 is disconnected", 409, false, null)));
    }
}
