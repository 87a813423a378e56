package com.nrsconnector.stats;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.nrsconnector.install.Templates;
import com.nrsconnector.messaging.MessageStatistics.Counts;
import com.nrsconnector.messaging.MessageStatistics.DailyEvents;

/**
 * The statistics page: a form choosing the period, a delivery funnel per campaign and the events per day, drawn as
 * SVG on the server (no script, no external asset), with the figures also as tables. Every value is escaped.
 */
@ApplicationScoped
public class StatisticsPage {

    static final String[] FUNNEL = {"sent", "delivered", "clicked", "replied", "unsubscribed"};
    static final String[] COLOURS = {
        "#0091ae", "#00bda5", "#ff7a59", "#6a78d1", "#d94c53", "#f5c26b", "#516f90", "#7fd1de"
    };
    static final int WIDTH = 560;

    String message(String title, String text) {
        return layout(title, "<main><h1>" + esc(title) + "</h1><p id=\"message\">" + esc(text) + "</p></main>");
    }

    String render(
            long portalId, StatisticsPeriod period, String error, List<Counts> campaigns, List<DailyEvents> daily) {
        StringBuilder html = new StringBuilder();
        html.append("<main id=\"statistics\" data-portal-id=\"")
                .append(portalId)
                .append("\">");
        html.append("<p><a href=\"/oauth/portal\">Back to the connection page</a></p>");
        html.append("<h1>Statistics of HubSpot account ").append(portalId).append("</h1>");
        html.append("<form id=\"period\" method=\"get\" action=\"/oauth/portal/stats\">");
        html.append(dateField("from", "From", period == null ? null : period.from()));
        html.append(dateField("to", "To (inclusive)", period == null ? null : period.to()));
        html.append("<button id=\"show\" type=\"submit\">Show</button></form>");
        if (error != null) {
            html.append("<p class=\"error\" id=\"message\" role=\"alert\">")
                    .append(esc(error))
                    .append("</p>");
            html.append("</main>");
            return layout("Statistics", html.toString());
        }
        html.append("<p class=\"help\">Messages created from ")
                .append(period.from())
                .append(" to ")
                .append(period.to())
                .append(" (")
                .append(esc(period.zone().getId()))
                .append(").</p>");
        html.append("<h2 id=\"funnel-heading\">Delivery funnel per campaign</h2>");
        if (campaigns.isEmpty()) {
            html.append("<p id=\"no-messages\">No messages in this period.</p>");
        }
        for (Counts counts : campaigns) {
            html.append(funnel(counts));
        }
        html.append("<h2 id=\"timeline-heading\">Events per day</h2>");
        html.append(eventsOverTime(daily, period));
        html.append("</main>");
        return layout("Statistics", html.toString());
    }

    private static String dateField(String name, String label, LocalDate value) {
        return "<span class=\"field\"><label for=\"" + name + "\">" + label + "</label><input type=\"date\" id=\""
                + name + "\" name=\"" + name + "\" value=\"" + (value == null ? "" : value) + "\"></span> ";
    }

    /** Horizontal bars sent → delivered → clicked → replied → unsubscribed, and the same figures as a table. */
    static String funnel(Counts counts) {
        long[] values = {counts.sent(), counts.delivered(), counts.clicked(), counts.replied(), counts.unsubscribed()};
        long max = Math.max(1, counts.sent());
        String name = counts.key() == null ? "(no campaign)" : counts.key();
        StringBuilder svg = new StringBuilder();
        int barHeight = 22;
        int labelWidth = 110;
        int height = FUNNEL.length * (barHeight + 6);
        svg.append("<figure class=\"funnel\" data-campaign=\"")
                .append(esc(name))
                .append("\" data-channel=\"")
                .append(esc(counts.channel()))
                .append("\"><figcaption>")
                .append(esc(name))
                .append(" · ")
                .append(esc(counts.channel()))
                .append("</figcaption>");
        svg.append("<svg role=\"img\" aria-label=\"Delivery funnel of ")
                .append(esc(name))
                .append("\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\">");
        for (int i = 0; i < FUNNEL.length; i++) {
            int y = i * (barHeight + 6);
            double width = (WIDTH - labelWidth - 60) * (double) values[i] / max;
            svg.append("<text x=\"0\" y=\"")
                    .append(y + 16)
                    .append("\" font-size=\"13\">")
                    .append(FUNNEL[i])
                    .append("</text>");
            svg.append("<rect class=\"bar\" data-step=\"")
                    .append(FUNNEL[i])
                    .append("\" data-value=\"")
                    .append(values[i])
                    .append("\" x=\"")
                    .append(labelWidth)
                    .append("\" y=\"")
                    .append(y)
                    .append("\" width=\"")
                    .append(String.format(Locale.ROOT, "%.1f", width))
                    .append("\" height=\"")
                    .append(barHeight)
                    .append("\" fill=\"")
                    .append(COLOURS[i])
                    .append("\"/>");
            svg.append("<text x=\"")
                    .append(String.format(Locale.ROOT, "%.1f", labelWidth + width + 6))
                    .append("\" y=\"")
                    .append(y + 16)
                    .append("\" font-size=\"13\">")
                    .append(values[i])
                    .append("</text>");
        }
        svg.append("</svg>");
        svg.append("<table class=\"figures\"><tr><th>Sent</th><th>Not sent</th><th>Delivered</th>")
                .append("<th>Not delivered</th><th>Clicked</th><th>Replied</th><th>Unsubscribed</th>")
                .append("<th>Parts</th></tr><tr>");
        for (long value : new long[] {
            counts.sent(),
            counts.notSent(),
            counts.delivered(),
            counts.notDelivered(),
            counts.clicked(),
            counts.replied(),
            counts.unsubscribed(),
            counts.parts()
        }) {
            svg.append("<td>").append(value).append("</td>");
        }
        svg.append("</tr></table></figure>");
        return svg.toString();
    }

    /** One line per event type over the days of the period, with a legend. */
    static String eventsOverTime(List<DailyEvents> daily, StatisticsPeriod period) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
            days.add(day);
        }
        TreeSet<String> types = new TreeSet<>();
        Map<String, Map<LocalDate, Long>> series = new TreeMap<>();
        long max = 1;
        for (DailyEvents events : daily) {
            types.add(events.eventType());
            series.computeIfAbsent(events.eventType(), t -> new TreeMap<>()).put(events.day(), events.count());
            max = Math.max(max, events.count());
        }
        int height = 220;
        int left = 40;
        int top = 10;
        int bottom = 30;
        int plotWidth = WIDTH - left - 10;
        int plotHeight = height - top - bottom;
        StringBuilder svg = new StringBuilder("<figure id=\"events-over-time\"><svg role=\"img\" "
                + "aria-label=\"Events per day\" width=\"" + WIDTH + "\" height=\"" + height + "\" viewBox=\"0 0 "
                + WIDTH + " " + height + "\">");
        svg.append("<line x1=\"")
                .append(left)
                .append("\" y1=\"")
                .append(top + plotHeight)
                .append("\" x2=\"")
                .append(left + plotWidth)
                .append("\" y2=\"")
                .append(top + plotHeight)
                .append("\" stroke=\"#7c98b6\"/>");
        svg.append("<text x=\"0\" y=\"")
                .append(top + 10)
                .append("\" font-size=\"11\">")
                .append(max)
                .append("</text><text x=\"0\" y=\"")
                .append(top + plotHeight)
                .append("\" font-size=\"11\">0</text>");
        svg.append("<text x=\"")
                .append(left)
                .append("\" y=\"")
                .append(height - 8)
                .append("\" font-size=\"11\">")
                .append(period.from())
                .append("</text><text x=\"")
                .append(left + plotWidth - 70)
                .append("\" y=\"")
                .append(height - 8)
                .append("\" font-size=\"11\">")
                .append(period.to())
                .append("</text>");
        double step = days.size() > 1 ? (double) plotWidth / (days.size() - 1) : 0;
        int colour = 0;
        StringBuilder legend = new StringBuilder("<ul class=\"legend\">");
        for (String type : types) {
            String stroke = COLOURS[colour++ % COLOURS.length];
            StringBuilder points = new StringBuilder();
            long total = 0;
            for (int i = 0; i < days.size(); i++) {
                long n = series.get(type).getOrDefault(days.get(i), 0L);
                total += n;
                double x = left + (days.size() > 1 ? i * step : plotWidth / 2.0);
                double y = top + plotHeight - plotHeight * (double) n / max;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("<polyline class=\"series\" data-event-type=\"")
                    .append(esc(type))
                    .append("\" data-total=\"")
                    .append(total)
                    .append("\" fill=\"none\" stroke-width=\"2\" stroke=\"")
                    .append(stroke)
                    .append("\" points=\"")
                    .append(points.toString().trim())
                    .append("\"/>");
            legend.append("<li><span class=\"swatch\" style=\"background:")
                    .append(stroke)
                    .append("\"></span>")
                    .append(esc(type))
                    .append(": <span class=\"total\">")
                    .append(total)
                    .append("</span></li>");
        }
        svg.append("</svg>").append(legend).append("</ul></figure>");
        if (types.isEmpty()) {
            svg.append("<p id=\"no-events\">No events in this period.</p>");
        }
        return svg.toString();
    }

    private static String layout(String title, String content) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + esc(title)
                + "</title><style>body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;margin:0;"
                + "background:#f5f8fa;color:#213343}main{max-width:40rem;margin:2rem auto;padding:1.5rem 2rem;"
                + "background:#fff;border:1px solid #cbd6e2;border-radius:6px}h1{font-size:1.5rem;margin-top:0}"
                + "h2{font-size:1.15rem;margin-top:1.75rem}label{font-weight:600;margin-right:.25rem}"
                + ".field{margin-right:1rem}.help{font-size:.875rem;color:#516f90}"
                + ".error{color:#b3222b;font-weight:600}figure{margin:1rem 0}figcaption{font-weight:600}"
                + "svg{max-width:100%;height:auto}table{border-collapse:collapse;font-size:.8rem}"
                + "th,td{border:1px solid #cbd6e2;padding:.2rem .4rem}.legend{list-style:none;padding:0}"
                + ".swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem}"
                + "button{padding:.4rem 1rem;border:0;border-radius:3px;background:#ff7a59;color:#fff}"
                + "</style></head><body>" + content + "</body></html>";
    }

    private static String esc(String value) {
        return Templates.escape(value);
    }
}
