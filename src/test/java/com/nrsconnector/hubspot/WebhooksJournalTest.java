package com.nrsconnector.hubspot;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.hubspot.WebhooksJournal.Entry;
import com.nrsconnector.hubspot.WebhooksJournal.JournalAnswerException;

/** The journal's route steps, each on HubSpot's answers as the spec describes them and on answers it does not. */
class WebhooksJournalTest {

    private static final String FIRST = "3f2c1a9e-0000-4000-8000-000000000001";
    private static final String SECOND = "3f2c1a9e-0000-4000-8000-000000000002";

    private final Instant now = Instant.parse("2026-12-07T09:00:00Z");

    private WebhooksJournal journal() {
        WebhooksJournal journal = new WebhooksJournal();
        journal.json = new ObjectMapper();
        journal.clock = Clock.fixed(now, ZoneOffset.UTC);
        return journal;
    }

    @Test
    void entriesChainEachOffsetToTheOneBefore() {
        String page =
                "{\"status\":\"COMPLETE\",\"results\":[{\"currentOffset\":\"" + FIRST + "\",\"url\":\"https://x/1\","
                        + "\"expiresAt\":\"2026-12-07T09:05:00Z\"},{\"currentOffset\":\"" + SECOND
                        + "\",\"url\":\"https://x/2\","
                        + "\"expiresAt\":\"2026-12-07T09:05:00Z\"}]}";
        assertEquals(
                List.of(new Entry("before", FIRST, "https://x/1"), new Entry(FIRST, SECOND, "https://x/2")),
                journal().entries(page, "before"));
        assertEquals(List.of(), journal().entries("{\"results\":[]}", null));
    }

    @Test
    void aJournalAnswerOutsideTheSpecIsRefusedWithTheReason() {
        for (String[] bad : new String[][] {
            {"{\"results\":[{", "not JSON"},
            {"[]", "not a JSON object"},
            {"{\"status\":\"COMPLETE\"}", "no results array"},
            {"{\"results\":[{\"currentOffset\":\"../x\",\"url\":\"https://x/1\"}]}", "not a UUID"},
            {"{\"results\":[{\"currentOffset\":\"" + FIRST + "\",\"url\":\"file:///etc\"}]}", "not an HTTP URL"}
        }) {
            JournalAnswerException e =
                    assertThrows(JournalAnswerException.class, () -> journal().entries(bad[0], null));
            assertThat(bad[0], e.getMessage(), containsString(bad[1]));
        }
        assertThrows(JournalAnswerException.class, () -> journal().grantedAuthorization("{\"access_token\":\"\"}"));
        assertThrows(JournalAnswerException.class, () -> journal().lifecycleSubscriptionListed("{}"));
        assertThrows(
                JournalAnswerException.class, () -> journal().subscriptionCreated("{\"subscriptionType\":\"OBJECT\"}"));
    }

    @Test
    void theTokenIsKeptUntilShortlyBeforeItExpires() {
        WebhooksJournal journal = journal();
        assertNull(journal.cachedAuthorization());
        assertEquals("Bearer t1", journal.grantedAuthorization("{\"access_token\":\"t1\",\"expires_in\":1800}"));
        assertEquals("Bearer t1", journal.cachedAuthorization());
        journal.clock = Clock.fixed(now.plusSeconds(1800).minus(WebhooksJournal.TOKEN_MARGIN), ZoneOffset.UTC);
        assertNull(journal.cachedAuthorization(), "asked for again before it expires");
    }

    @Test
    void aListedLifecycleSubscriptionCountsUnlessDeletedAndAFailedReadChecksAgain() {
        WebhooksJournal journal = journal();
        assertFalse(journal.lifecycleSubscriptionListed("{\"results\":[{\"subscriptionType\":\"OBJECT\"},"
                + "{\"subscriptionType\":\"APP_LIFECYCLE_EVENT\",\"deletedAt\":\"2026-01-01T00:00:00Z\"}]}"));
        assertFalse(journal.subscribed());
        assertTrue(
                journal.lifecycleSubscriptionListed("{\"results\":[{\"subscriptionType\":\"APP_LIFECYCLE_EVENT\"}]}"));
        assertTrue(journal.subscribed());
        journal.failed(new JournalAnswerException("the journal page is not JSON"));
        assertFalse(journal.subscribed(), "the subscription is checked again on the next poll");
    }

    @Test
    void aFailingReadIsLoggedOnceUntilReadingWorksAgain() {
        List<String> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(WebhooksJournal.class.getName());
        logger.addHandler(handler);
        try {
            WebhooksJournal journal = journal();
            journal.failed(new JournalAnswerException("the journal page is not JSON"));
            journal.failed(new JournalAnswerException("the journal page is not JSON"));
            journal.failed(new JournalAnswerException("the journal page is not JSON"));
            assertEquals(1, logged.size(), logged.toString());
            journal.failed(new JournalAnswerException("the journal page has no results array"));
            assertEquals(2, logged.size(), "a new kind of failure is logged");
            journal.succeeded();
            journal.succeeded();
            assertEquals(3, logged.size(), "recovery is logged once");
            assertThat(logged.get(2), containsString("works again"));
        } finally {
            logger.removeHandler(handler);
        }
    }
}
