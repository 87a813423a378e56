package com.nrsconnector.flow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile inputs from a seeded generator (same seed, same inputs), and a JSON writer that can say things a normal
 * one will not: lone surrogates and NUL as escapes, raw number literals, duplicate-free maps in a chosen order.
 */
final class FuzzInputs {

    /** A JSON literal written as is (huge numbers, 1e999999, NaN). */
    record RawJson(String literal) {}

    static final List<String> HOSTILE = List.of(
            "",
            " ",
            "   ",
            "\u0000",
            "a\u0000b",
            "ACME\u0000",
            "%00",
            "%",
            "%zz",
            "%C3%28",
            "\\",
            "\"",
            "'",
            "\\u0000",
            "\r\nX-Injected: 1",
            "line1\r\nline2",
            "\r\n\r\nGET / HTTP/1.1",
            "\t",
            "\n",
            "\u000b\u000c",
            "\u0007\u0008\u001b[31mred",
            "\u007f",
            "\u0085",
            "\u2028\u2029",
            "' OR '1'='1",
            "'; DROP TABLE message; --",
            "\"; DROP TABLE message; --",
            "1; SELECT pg_sleep(10)",
            "') OR 1=1 --",
            "admin'--",
            "%' AND 1=1 AND '%'='",
            "${body}",
            "${header.CamelHttpMethod}",
            "${sys:user.home}",
            "${env:PATH}",
            "${env.PATH}",
            "${exchangeProperty.nrsAuthorization}",
            "${bean:db?method=update}",
            "${date:now:yyyy}",
            "${camelContext.stop()}",
            "${exception.stacktrace}",
            "${bodyAs(String)}",
            "$simple{body}",
            "{{contact.firstname}}",
            "{{contact.}}",
            "{{",
            "}}",
            "{{contact.firstname",
            "{{ }}",
            "{{}}",
            "{{{{contact.x}}}}",
            "{{contact.${body}}}",
            "{{connector.secrets.signing-key}}",
            "{{7*7}}",
            "{UNSUB_URL}",
            "{UNSUB_URL",
            "#{7*7}",
            "<%= 7*7 %>",
            "$(id)",
            "`id`",
            "\u202e\u202dabc",
            "\u200f\u200eرسالة مرحبا",
            "\u061c\u2066isolate\u2069",
            "😀👍🏽👨‍👩‍👧‍👦🇪🇸",
            "e\u0301\u0301\u0301\u0301",
            "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324",
            "\ufeff",
            "\uffff",
            "\ufffd",
            "\ud800",
            "\udc00x",
            "x\ud83d",
            "\udbff\udfff",
            "\u00a0ACME\u00a0",
            "Ａｃｍｅ",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "..%2f..%2fetc%2fpasswd",
            "%2e%2e%2f",
            "http://example.com/?a=${body}",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "null",
            "true",
            "-1",
            "0",
            "00",
            "1.5",
            "1e309",
            "NaN",
            "99999999999999999999999999",
            "+34612345678",
            "12345678901234567890123456789012345678901234567890123456789012345",
            "ACME",
            "AAAAAAAAAAAA",
            "1234567890123456",
            "+1234567890123456",
            "ACME-SHOP",
            "Ñandú",
            "ÁCME");

    private final Random random;

    FuzzInputs(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** A hostile string: from the list, generated, or (rarely) huge. */
    String hostileString() {
        double roll = random.nextDouble();
        if (roll < 0.55) {
            return pick(HOSTILE);
        }
        if (roll < 0.80) {
            return pick(HOSTILE) + generated(between(0, 40)) + pick(HOSTILE);
        }
        if (roll < 0.97) {
            return generated(between(100, 3000));
        }
        return huge();
    }

    /** 100 KB to about 1 MB, of one repeated unit or of generated text. */
    String huge() {
        int length = between(100_000, 1_000_000);
        if (chance(0.5)) {
            String unit = pick(List.of("A", "€", "😀", "{{contact.firstname}}", "\u0000", "${body}", "é\u0301"));
            return unit.repeat(Math.max(1, length / unit.length()));
        }
        return generated(Math.min(length, 200_000));
    }

    /** Random text over a deliberately nasty alphabet (controls, surrogate halves, combining marks, emoji). */
    String generated(int length) {
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            int kind = random.nextInt(10);
            switch (kind) {
                case 0, 1, 2 -> out.append((char) between(0x20, 0x7e));
                case 3 -> out.append((char) between(0x00, 0x1f));
                case 4 -> out.append((char) between(0x80, 0x2fff));
                case 5 -> out.append((char) between(0xd800, 0xdfff));
                case 6 -> out.appendCodePoint(between(0x1f300, 0x1faff));
                case 7 -> out.append((char) between(0x0300, 0x036f));
                case 8 -> out.append(pick(List.of("{{", "}}", "${", "%", "\\", "\"", "'", "{UNSUB_URL}", " ", "\r\n")));
                default -> out.append((char) between(0xe000, 0xfffd));
            }
        }
        return out.toString();
    }

    /** A value of any JSON type, mostly hostile strings. */
    Object hostileValue() {
        double roll = random.nextDouble();
        if (roll < 0.6) {
            return hostileString();
        }
        return pick(List.of(
                0,
                -1,
                42,
                Long.MAX_VALUE,
                3.14,
                true,
                false,
                new RawJson("null"),
                List.of(),
                List.of("a", 1),
                Map.of(),
                Map.of("a", "b"),
                new RawJson("1e999999"),
                new RawJson("123456789012345678901234567890"),
                new RawJson("-0"),
                List.of(List.of(List.of()))));
    }

    /** Percent-encodes every byte that is not unreserved, so the text reaches the server intact. */
    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** A path segment or query value as a careless or hostile client writes it: often malformed. */
    String hostileUrlPart() {
        double roll = random.nextDouble();
        if (roll < 0.45) {
            return percentEncode(hostileString().length() > 2000 ? generated(200) : hostileString());
        }
        if (roll < 0.85) {
            return pick(List.of(
                    "%",
                    "%%",
                    "%zz",
                    "%0",
                    "%00",
                    "%0g",
                    "%C3%28",
                    "%F0%9F",
                    "%ED%A0%80",
                    "%C0%AF",
                    "%E2%80%AE",
                    "%2e%2e",
                    "..",
                    "%2F",
                    "%5C",
                    "a%00b",
                    "%25",
                    "%u0041",
                    "{x}",
                    "|",
                    "^",
                    "[1]",
                    "`",
                    "\\",
                    "%0d%0aX:1",
                    "%FF%FE",
                    "+",
                    "%2B",
                    "&",
                    "=",
                    "a=b=c",
                    "%3D",
                    "%26",
                    "%23",
                    "~",
                    "${body}",
                    "{{x}}",
                    "%24%7Bbody%7D",
                    "%7B%7Bx%7D%7D"));
        }
        if (roll < 0.95) {
            return "A".repeat(between(1, 3000));
        }
        return "x".repeat(between(5000, 20000));
    }

    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof RawJson raw) {
            out.append(raw.literal());
        } else if (value instanceof String text) {
            writeString(out, text);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, entry.getKey());
                out.append(':');
                write(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException(value.getClass().getName());
        }
    }

    /** Controls, quotes and any surrogate half not part of a pair are escaped; the rest stays as UTF-8. */
    private static void writeString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (Character.isSurrogate(c) && !pair)) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (pair) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** A mutable copy of a nested map, so a case can change one path. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, Object> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(
                k,
                v instanceof Map<?, ?> m
                        ? deepCopy((Map<String, Object>) m)
                        : v instanceof List<?> l ? new ArrayList<>(l) : v));
        return copy;
    }

    /** Sets (or with {@code remove}, deletes) the value at a dotted path, creating objects on the way. */
    @SuppressWarnings("unchecked")
    static void set(Map<String, Object> root, String path, Object value, boolean remove) {
        String[] parts = path.split("\\.");
        Map<String, Object> at = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = at.get(parts[i]);
            if (!(next instanceof LinkedHashMap<?, ?>)) {
                // A hostile value put here earlier may be an immutable map, or no map at all.
                next = next instanceof Map<?, ?> m
                        ? deepCopy((Map<String, Object>) m)
                        : new LinkedHashMap<String, Object>();
                at.put(parts[i], next);
            }
            at = (Map<String, Object>) next;
        }
        if (remove) {
            at.remove(parts[parts.length - 1]);
        } else {
            at.put(parts[parts.length - 1], value);
        }
    }
}
