package com.nrsconnector.stats;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.install.PageAnswer;
import com.nrsconnector.messaging.MessageStatistics;
import com.nrsconnector.messaging.MessageStatistics.Counts;
import com.nrsconnector.messaging.MessageStatistics.Grouping;
import com.nrsconnector.store.Portal;
import com.nrsconnector.store.PortalStore;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Route steps of the statistics API ({@code /api/v1/stats/...}) and the statistics page
 * ({@code /oauth/portal/stats}): who may read, which period, and the figures per campaign, workflow or contact.
 */
@ApplicationScoped
@Named("statistics")
@RegisterForReflection
public class Statistics {

    @Inject
    StatisticsAccess access;

    @Inject
    MessageStatistics figures;

    @Inject
    PortalStore portals;

    @Inject
    StatisticsPage page;

    /** Exchange property: the portal whose figures the request may read. */
    public static final String PORTAL = "statisticsPortalId";

    /** First step of every statistics API route: the portal the caller may read, or 401 / 403. */
    public long authorize(
            @Header("Authorization") String authorization,
            @Header("Cookie") String cookie,
            @Header("portalId") String portalId) {
        return access.portalFor(authorization, cookie, portalId);
    }

    /** GET /api/v1/stats/campaigns. */
    public List<Map<String, Object>> campaigns(
            @ExchangeProperty(PORTAL) long portal, @Header("from") String from, @Header("to") String to) {
        return rows(Grouping.CAMPAIGN, "campaignName", portal, from, to);
    }

    /** GET /api/v1/stats/workflows: only messages sent by a workflow action. */
    public List<Map<String, Object>> workflows(
            @ExchangeProperty(PORTAL) long portal, @Header("from") String from, @Header("to") String to) {
        return rows(Grouping.WORKFLOW, "workflowId", portal, from, to);
    }

    /** GET /api/v1/stats/contacts. */
    public List<Map<String, Object>> contacts(
            @ExchangeProperty(PORTAL) long portal, @Header("from") String from, @Header("to") String to) {
        return rows(Grouping.CONTACT, "contactId", portal, from, to);
    }

    /** GET /oauth/portal/stats: the page of the session's portal, for the chosen period. */
    public PageAnswer page(@Header("Cookie") String cookie, @Header("from") String from, @Header("to") String to) {
        long portal;
        StatisticsPeriod period;
        try {
            portal = access.portalFor(null, cookie, null);
        } catch (RequestRejectedException e) {
            return PageAnswer.page(
                    401,
                    page.message(
                            "Session expired", "Open the connection page from HubSpot again to see the statistics."));
        }
        try {
            period = period(portal, from, to);
        } catch (RequestRejectedException e) {
            return PageAnswer.page(400, page.render(portal, null, e.getMessage(), List.of(), List.of()));
        }
        return PageAnswer.page(
                200,
                page.render(
                        portal,
                        period,
                        null,
                        figures.counts(portal, Grouping.CAMPAIGN, period.start(), period.end()),
                        figures.daily(portal, period.start(), period.end(), period.zone())));
    }

    private List<Map<String, Object>> rows(Grouping grouping, String keyName, long portal, String from, String to) {
        StatisticsPeriod period = period(portal, from, to);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Counts counts : figures.counts(portal, grouping, period.start(), period.end())) {
            rows.add(row(keyName, grouping == Grouping.WORKFLOW ? Long.valueOf(counts.key()) : counts.key(), counts));
        }
        return rows;
    }

    private StatisticsPeriod period(long portal, String from, String to) {
        String zone = portals.find(portal).map(Portal::timeZone).orElse(null);
        return StatisticsPeriod.parse(from, to, zone, LocalDate.now(StatisticsPeriod.zone(zone)));
    }

    static Map<String, Object> row(String keyName, Object key, Counts counts) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(keyName, key);
        row.put("channel", counts.channel());
        row.put("sent", counts.sent());
        row.put("notSent", counts.notSent());
        row.put("delivered", counts.delivered());
        row.put("notDelivered", counts.notDelivered());
        row.put("clicked", counts.clicked());
        row.put("replied", counts.replied());
        row.put("unsubscribed", counts.unsubscribed());
        row.put("keyPresses", counts.keyPresses());
        row.put("parts", counts.parts());
        row.put("deliveryRate", rate(counts.delivered(), counts.sent()));
        row.put("clickRate", rate(counts.clicked(), counts.sent()));
        return row;
    }

    static double rate(long part, long sent) {
        return sent == 0 ? 0.0 : Math.round(part * 10000.0 / sent) / 10000.0;
    }
}
