package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.nrsconnector.sandbox.HubSpotSandbox;
import com.nrsconnector.sandbox.NrsSandbox;
import com.nrsconnector.store.Db;
import com.nrsconnector.store.PortalStore;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** HubSpot's callbackId identifies an execution within its portal: one portal's ids never shadow another's. */
@QuarkusTest
class IdempotencyPerPortalTest {

    private static final long OTHER_PORTAL = 62599;

    @Inject
    PortalStore portals;

    @Inject
    Db db;

    @Test
    void sameCallbackIdInTwoPortalsIsTwoExecutionsAndARetryInEitherSendsNothingNew() {
        portals.createIfAbsent(
                OTHER_PORTAL,
                HubSpotSandbox.DEMO_REFRESH_TOKEN,
                NrsSandbox.USERNAME,
                NrsSandbox.API_PASSWORD,
                "Europe/Lisbon");
        String contact = Sandbox.createContact(Map.of("mobilephone", "+34 612 000 601"));
        String marker = Sandbox.marker();
        String callbackId = "shared-" + marker;
        Map<String, String> inputs = Map.of("sender", "ACME", "message", "Portal " + marker);

        assertEquals(200, enroll(62515, contact, inputs, callbackId).getInt("status"));
        assertEquals(200, enroll(OTHER_PORTAL, contact, inputs, callbackId).getInt("status"));
        assertEquals(200, enroll(OTHER_PORTAL, contact, inputs, callbackId).getInt("status"));
        assertEquals(200, enroll(62515, contact, inputs, callbackId).getInt("status"));

        assertEquals(
                2L,
                db.queryOne("SELECT COUNT(*) FROM message WHERE callback_id = ?", r -> r.getLong(1), callbackId)
                        .orElseThrow());
        assertEquals(
                2L,
                db.queryOne(
                                "SELECT COUNT(DISTINCT portal_id) FROM action_request WHERE callback_id = ?",
                                r -> r.getLong(1),
                                callbackId)
                        .orElseThrow());
        await().atMost(Sandbox.WAIT)
                .until(() -> Sandbox.nrsSmsRequestsMentioning(marker).size() >= 2);
        Outbox.awaitNothingPendingFor(db, callbackId);
        assertThat(Sandbox.nrsSmsRequestsMentioning(marker), hasSize(2));
    }

    private static JsonPath enroll(long portalId, String contactId, Map<String, String> inputs, String callbackId) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "actionType",
                        "SEND_SMS",
                        "portalId",
                        portalId,
                        "contactId",
                        contactId,
                        "inputFields",
                        inputs,
                        "callbackId",
                        callbackId))
                .post("/sandbox/hubspot/workflows/enroll")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
