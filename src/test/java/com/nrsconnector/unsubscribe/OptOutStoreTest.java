package com.nrsconnector.unsubscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.store.Db;

import io.quarkus.test.junit.QuarkusTest;

/** One opt-out per portal, channel and number, recorded once however often it is asked for. */
@QuarkusTest
class OptOutStoreTest {

    /** A portal no other test uses; its contact updates are deleted before the HubSpot writer runs again. */
    private static final long PORTAL = -7;

    @Inject
    OptOutStore optOuts;

    @Inject
    MessageStore messages;

    @Inject
    Db db;

    @Inject
    CamelContext camel;

    @BeforeEach
    void pauseWriter() throws Exception {
        camel.getRouteController().stopRoute("contact-opt-out-writer");
    }

    @AfterEach
    void resumeWriter() throws Exception {
        db.update("DELETE FROM opt_out_contact_update WHERE portal_id = ?", PORTAL);
        camel.getRouteController().startRoute("contact-opt-out-writer");
    }

    @Test
    void recordingAgainChangesNothingAndTheFirstMessageStays() {
        String phone = uniquePhone();
        long first = message("c1");
        long second = message("c1");

        OptOutStore.OptOut recorded = optOuts.record(PORTAL, Channel.SMS, phone, "c1", first);
        OptOutStore.OptOut again = optOuts.record(PORTAL, Channel.SMS, phone, "c1", second);

        assertTrue(recorded.recordedNow());
        assertFalse(again.recordedNow());
        assertEquals(first, again.messageId());
        assertEquals(1L, count("SELECT COUNT(*) FROM opt_out WHERE portal_id = ? AND phone = ?", PORTAL, phone));
        assertEquals(
                1L,
                count(
                        "SELECT COUNT(*) FROM opt_out_contact_update WHERE portal_id = ? AND contact_id = ?",
                        PORTAL,
                        "c1"));
        assertFalse(recorded.toString().contains(phone), "the number stays out of log lines");
    }

    @Test
    void lookupIsPerPortalAndChannel() {
        String phone = uniquePhone();
        String other = uniquePhone();
        optOuts.record(PORTAL, Channel.SMS, phone, "c2", message("c2"));

        assertEquals(
                Set.of(phone), optOuts.optedOut(PORTAL, Channel.SMS, Arrays.asList(phone, other, phone, null, "")));
        assertEquals(Set.of(), optOuts.optedOut(PORTAL, Channel.VOICE, List.of(phone)));
        assertEquals(Set.of(), optOuts.optedOut(PORTAL - 1, Channel.SMS, List.of(phone)));
        assertEquals(Set.of(), optOuts.optedOut(PORTAL, Channel.SMS, List.of()));
        assertTrue(optOuts.find(PORTAL, Channel.SMS, phone).isPresent());
        assertTrue(optOuts.find(PORTAL, Channel.SMS, other).isEmpty());
    }

    private long message(String contactId) {
        return db.inTransaction(c -> messages.insertPending(
                c, "opt-out-" + UUID.randomUUID(), PORTAL, contactId, Channel.SMS, "ACME", "text", Map.of(), Map.of()));
    }

    private long count(String sql, Object... args) {
        return db.queryOne(sql, r -> r.getLong(1), args).orElseThrow();
    }

    private static String uniquePhone() {
        return "3499" + String.format("%07d", (long) (Math.random() * 10_000_000));
    }
}
