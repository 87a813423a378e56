package com.nrsconnector.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The HTML templates under {@code install/}: {@code {{name}}} is replaced by the value, HTML-escaped;
 * {@code {{{name}}}} by a fragment this class rendered already. A name without a value becomes empty.
 */
@ApplicationScoped
public class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\{?)([a-zA-Z]+)\\}?\\}\\}");

    private final Map<String, String> cache = new ConcurrentHashMap<>();

    /** Values to escape, and fragments (already rendered HTML) to insert as they are. */
    public String render(String name, Map<String, String> values, Map<String, Fragment> fragments) {
        String template = cache.computeIfAbsent(name, Templates::load);
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(2);
            String replacement;
            if (!m.group(1).isEmpty()) {
                Fragment fragment = fragments.get(key);
                replacement = fragment == null ? "" : fragment.html();
            } else {
                replacement = escape(values.get(key));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A piece of HTML rendered from a template (so its values are escaped already). */
    public record Fragment(String html) {}

    public Fragment fragment(String name, Map<String, String> values) {
        return new Fragment(render(name, values, Map.of()));
    }

    public static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        value.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f) {
                        out.append("&#xFFFD;");
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    private static String load(String name) {
        try (InputStream in = Templates.class.getResourceAsStream("/install/" + name + ".html")) {
            if (in == null) {
                throw new IllegalStateException("missing template install/" + name + ".html");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
