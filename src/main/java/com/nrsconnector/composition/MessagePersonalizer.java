package com.nrsconnector.composition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces HubSpot-style contact tokens ({@code {{contact.firstname}}}, {@code {{ contact.firstname }}}) with the
 * recipient's property values.
 *
 * <p>A token whose value is missing, null or blank is removed, and only the whitespace the removal would leave
 * behind is tidied:
 * <ul>
 *   <li>before punctuation ({@code . , ! ? ; : ) ] …}), at the end of a line or of the text: the spaces on both
 *       sides go ("Hola {{contact.firstname}}, tu cita" -> "Hola, tu cita"), and so does a comma that only
 *       introduced the token ("Gracias, {{contact.firstname}}!" -> "Gracias!"); other punctuation is the
 *       author's and stays ("Hora: {{contact.time}}." -> "Hora:.");</li>
 *   <li>between words, or at the start of a line: the spaces after the token go, the ones before stay
 *       ("Hi {{contact.firstname}} {{contact.lastname}} welcome" -> "Hi welcome");</li>
 *   <li>glued to other text ("abc{{contact.x}}def"): just the token goes.</li>
 * </ul>
 * Only spaces and tabs are tidied: line breaks are never removed, and double spaces the author wrote elsewhere
 * are left exactly as written (the message is the author's; we only undo what the removal did).
 *
 * <p>Values are inserted literally (no regex replacement, so '$' and '\' are safe) and are not scanned for tokens
 * again. Anything that is not a well-formed token, including {@code {UNSUB_URL}}, is left untouched. NUL and the other
 * C0 control characters except line breaks and tabs are dropped from values: properties read from HubSpot are not
 * checked on the way in, and PostgreSQL cannot store NUL in text. {@link #personalize} also tells where the values
 * went, so that later steps treat contact data as data (no link shortening, no placeholders expanded in it).
 */
public final class MessagePersonalizer {

    private static final Pattern TOKEN = Pattern.compile("\\{\\{\\h*contact\\.([A-Za-z0-9_]+)\\h*}}");
    private static final String TIGHT_PUNCTUATION = ".,!?;:)]…";

    /** Property names the template refers to, in order of first appearance, so the caller can batch-fetch them. */
    public Set<String> referencedProperties(String template) {
        if (template == null) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher token = TOKEN.matcher(template);
        while (token.find()) {
            names.add(token.group(1));
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * A rendered message and where contact data is in it: one span per token, {@code [start, end)} in the text; a
     * token that was removed leaves an empty span where it stood.
     */
    public record Rendered(String text, List<Span> values) {

        public record Span(int start, int end) {}

        /** Whether {@code [start, end)} of the text holds contact data, or a removed token stood inside it. */
        public boolean touchesValue(int start, int end) {
            for (Span value : values) {
                boolean overlaps = value.start() < value.end()
                        ? value.start() < end && start < value.end()
                        : start < value.start() && value.start() <= end;
                if (overlaps) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The template with every contact token replaced by its value or removed; null properties means none. */
    public String render(String template, Map<String, String> properties) {
        return personalize(template, properties).text();
    }

    /** As {@link #render}, telling where the contact values went. */
    public Rendered personalize(String template, Map<String, String> properties) {
        Objects.requireNonNull(template, "template");
        Map<String, String> values = properties == null ? Map.of() : properties;

        StringBuilder out = new StringBuilder(template.length() + 32);
        List<Rendered.Span> spans = new ArrayList<>();
        Matcher token = TOKEN.matcher(template);
        int copied = 0;
        while (token.find()) {
            out.append(template, copied, token.start());
            copied = token.end();

            String value = withoutControlCharacters(values.get(token.group(1)));
            if (value != null && !value.isBlank()) {
                spans.add(new Rendered.Span(out.length(), out.length() + value.length()));
                out.append(value);
                continue;
            }
            int stood = out.length();

            int afterSpaces = skipHorizontalSpace(template, copied);
            char next = afterSpaces < template.length() ? template.charAt(afterSpaces) : '\n';
            if (next == '\n' || next == '\r' || TIGHT_PUNCTUATION.indexOf(next) >= 0) {
                trimTrailingHorizontalSpace(out);
                // "Gracias, {{contact.firstname}}!" -> "Gracias!": the comma only introduced the missing name.
                if (out.length() > 0 && out.charAt(out.length() - 1) == ',') {
                    out.setLength(out.length() - 1);
                    trimTrailingHorizontalSpace(out);
                }
                copied = afterSpaces;
                clampTo(spans, out.length());
            } else if (endsWithHorizontalSpace(out) || atLineStart(out)) {
                copied = afterSpaces;
            }
            // Where the token stood, before any tidying: a link it was glued to still counts as contact data.
            spans.add(new Rendered.Span(stood, stood));
        }
        out.append(template, copied, template.length());
        return new Rendered(out.toString(), List.copyOf(spans));
    }

    /** Tidying may take a trailing space or comma off the value before: its span must not outlast it. */
    private static void clampTo(List<Rendered.Span> spans, int length) {
        for (int i = spans.size() - 1; i >= 0 && spans.get(i).end() > length; i--) {
            Rendered.Span span = spans.get(i);
            spans.set(i, new Rendered.Span(Math.min(span.start(), length), length));
        }
    }

    static String withoutControlCharacters(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder kept = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean drop = c < 0x20 && c != '\n' && c != '\r' && c != '\t';
            if (drop && kept == null) {
                kept = new StringBuilder(value.length()).append(value, 0, i);
            } else if (!drop && kept != null) {
                kept.append(c);
            }
        }
        return kept == null ? value : kept.toString();
    }

    private static boolean isHorizontalSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u00A0';
    }

    private static int skipHorizontalSpace(String text, int from) {
        int i = from;
        while (i < text.length() && isHorizontalSpace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void trimTrailingHorizontalSpace(StringBuilder out) {
        int end = out.length();
        while (end > 0 && isHorizontalSpace(out.charAt(end - 1))) {
            end--;
        }
        out.setLength(end);
    }

    private static boolean endsWithHorizontalSpace(StringBuilder out) {
        return out.length() > 0 && isHorizontalSpace(out.charAt(out.length() - 1));
    }

    private static boolean atLineStart(StringBuilder out) {
        return out.length() == 0 || out.charAt(out.length() - 1) == '\n';
    }
}
