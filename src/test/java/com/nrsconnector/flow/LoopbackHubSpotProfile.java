package com.nrsconnector.flow;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The connector talking to {@link LoopbackHubSpot} instead of the HubSpot stand-in. */
public class LoopbackHubSpotProfile implements QuarkusTestProfile {

    /** The loopback server answers every path; the journal poller would only add calls its tests do not expect. */
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("connector.hubspot.journal-enabled", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LoopbackHubSpot.class));
    }
}
