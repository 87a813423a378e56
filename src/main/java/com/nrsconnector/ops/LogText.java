package com.nrsconnector.ops;

/**
 * Makes a value that came from a request safe to put in a log line: control characters are escaped, so a value
 * cannot start a forged line, and the value is cut short, so it cannot flood the log.
 */
public final class LogText {

    public static final int MAX_LENGTH = 200;

    private LogText() {}

    /** The value with CR, LF, tab, NUL, other C0/C1 controls and U+2028/2029 escaped, cut to 200 characters. */
    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 8);
        int kept = 0;
        for (int i = 0; i < text.length(); i++) {
            if (kept == MAX_LENGTH) {
                return out.append("...").toString();
            }
            char c = text.charAt(i);
            // Never keep half of a surrogate pair at the cut.
            if (Character.isHighSurrogate(c) && kept == MAX_LENGTH - 1) {
                return out.append("...").toString();
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
            kept++;
        }
        return out.toString();
    }
}
