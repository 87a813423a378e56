package com.nrsconnector.composition;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the http(s) links in a message and rewrites them: UTM parameters, URL shortening.
 *
 * <p>A link starts at {@code http://} or {@code https://} (any case, not glued to a preceding letter or digit)
 * and runs to the next whitespace or {@code < >}. Trailing {@code . , ; : ! ? ' "} are sentence punctuation,
 * not part of the link (so a trailing '?' never opens an empty query); a trailing {@code )} or {@code ]} is
 * dropped only when it has no opening partner inside the link, so
 * "https://en.wikipedia.org/wiki/Foo_(bar)" keeps its parenthesis and "(see https://x.com/a)" does not.
 * Links without a scheme ("www.example.com") are not recognised.
 */
public final class LinkRewriter {

    private static final Pattern LINK_CANDIDATE = Pattern.compile("(?i)(?<![\\p{L}\\p{N}])https?://[^\\s\\p{Z}<>]+");
    private static final String TRAILING_PUNCTUATION = ".,;:!?'\"";

    public List<String> findLinks(String text) {
        List<String> links = new ArrayList<>();
        forEachLink(text, (start, end) -> links.add(text.substring(start, end)));
        return links;
    }

    /**
     * Adds the non-blank UTM fields to every link, before any {@code #fragment}, after any existing query.
     * A utm_ parameter the link already has is kept with its own value and not added again.
     */
    public String addUtm(String text, UtmParameters utm) {
        if (utm == null || utm.isEmpty()) {
            return text;
        }
        Map<String, String> parameters = utm.asQueryParameters();
        return rewriteLinks(text, link -> withQueryParameters(link, parameters));
    }

    /**
     * Replaces each link with {@code shortener.apply(link)}; a null answer keeps the original link.
     * Every occurrence is passed to the shortener, so the caller decides whether repeated links share a code.
     */
    public String shortenLinks(String text, Function<String, String> shortener) {
        Objects.requireNonNull(shortener, "shortener");
        return rewriteLinks(text, shortener);
    }

    /** One link with the non-blank UTM fields added, as {@link #addUtm} does to every link of a text. */
    public String addUtmToLink(String link, UtmParameters utm) {
        return utm == null || utm.isEmpty() ? link : withQueryParameters(link, utm.asQueryParameters());
    }

    /**
     * Rewrites a personalized message: each link the author wrote goes through {@code authoredLink} (a null answer
     * keeps it), and the rest of the author's text through {@code authoredText}. Contact data is copied as it is,
     * and so is any link that holds some (or where a removed token stood): a contact's value must never become a
     * redirect from the connector's domain, nor expand into one of the author's placeholders.
     */
    public String rewriteAuthored(
            MessagePersonalizer.Rendered rendered,
            Function<String, String> authoredLink,
            UnaryOperator<String> authoredText) {
        Objects.requireNonNull(authoredLink, "authoredLink");
        Objects.requireNonNull(authoredText, "authoredText");
        String text = rendered.text();
        StringBuilder out = new StringBuilder(text.length() + 64);
        int[] copied = {0};
        forEachLink(text, (start, end) -> {
            appendOutsideLinks(out, rendered, copied[0], start, authoredText);
            String link = text.substring(start, end);
            String replacement = rendered.touchesValue(start, end) ? null : authoredLink.apply(link);
            out.append(replacement == null ? link : replacement);
            copied[0] = end;
        });
        appendOutsideLinks(out, rendered, copied[0], text.length(), authoredText);
        return out.toString();
    }

    /** Text between links: the author's parts rewritten, the contact values between them copied. */
    private static void appendOutsideLinks(
            StringBuilder out,
            MessagePersonalizer.Rendered rendered,
            int from,
            int to,
            UnaryOperator<String> authoredText) {
        String text = rendered.text();
        int at = from;
        for (MessagePersonalizer.Rendered.Span value : rendered.values()) {
            int start = Math.max(value.start(), from);
            int end = Math.min(value.end(), to);
            if (value.start() == value.end() || start >= end || start < at) {
                continue;
            }
            out.append(authoredText.apply(text.substring(at, start))).append(text, start, end);
            at = end;
        }
        out.append(authoredText.apply(text.substring(at, to)));
    }

    private String rewriteLinks(String text, Function<String, String> rewrite) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        int[] copied = {0};
        forEachLink(text, (start, end) -> {
            String link = text.substring(start, end);
            String replacement = rewrite.apply(link);
            out.append(text, copied[0], start).append(replacement == null ? link : replacement);
            copied[0] = end;
        });
        out.append(text, copied[0], text.length());
        return out.toString();
    }

    private interface LinkVisitor {
        void visit(int start, int end);
    }

    private static void forEachLink(String text, LinkVisitor visitor) {
        // Every link has "://": most texts have none, and the pattern is costly to try at every position.
        if (text == null || !text.contains("://")) {
            return;
        }
        Matcher candidate = LINK_CANDIDATE.matcher(text);
        while (candidate.find()) {
            int start = candidate.start();
            int end = trimTrailing(text, start, candidate.end());
            int schemeEnd = text.indexOf("://", start) + 3;
            if (end > schemeEnd) {
                visitor.visit(start, end);
            }
        }
    }

    private static int trimTrailing(String text, int start, int end) {
        while (end > start) {
            char last = text.charAt(end - 1);
            if (TRAILING_PUNCTUATION.indexOf(last) >= 0) {
                end--;
            } else if (last == ')' && unbalanced(text, start, end, '(', ')')) {
                end--;
            } else if (last == ']' && unbalanced(text, start, end, '[', ']')) {
                end--;
            } else {
                return end;
            }
        }
        return end;
    }

    private static boolean unbalanced(String text, int start, int end, char open, char close) {
        int depth = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == open) {
                depth++;
            } else if (c == close) {
                depth--;
            }
        }
        return depth < 0;
    }

    private static String withQueryParameters(String link, Map<String, String> parameters) {
        int hash = link.indexOf('#');
        String beforeFragment = hash < 0 ? link : link.substring(0, hash);
        String fragment = hash < 0 ? "" : link.substring(hash);

        int question = beforeFragment.indexOf('?');
        Set<String> present = new HashSet<>();
        if (question >= 0) {
            for (String pair : beforeFragment.substring(question + 1).split("&")) {
                int equals = pair.indexOf('=');
                present.add(decode(equals < 0 ? pair : pair.substring(0, equals)));
            }
        }

        StringBuilder added = new StringBuilder();
        parameters.forEach((name, value) -> {
            if (!present.contains(name)) {
                added.append(added.length() == 0 ? "" : "&")
                        .append(name)
                        .append('=')
                        .append(encode(value));
            }
        });
        if (added.length() == 0) {
            return link;
        }

        String separator;
        if (question < 0) {
            separator = "?";
        } else if (beforeFragment.endsWith("?") || beforeFragment.endsWith("&")) {
            separator = "";
        } else {
            separator = "&";
        }
        return beforeFragment + separator + added + fragment;
    }

    // %20 rather than '+' for spaces: '+' only means space in form encoding, and some analytics readers keep it.
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return name;
        }
    }
}
