package com.nrsconnector.flow;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The connector talking to {@link LoopbackHubSpot} instead of the HubSpot stand-in. */
public class LoopbackHubSpotProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LoopbackHubSpot.class));
    }
}
