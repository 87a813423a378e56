package com.nrsconnector.composition;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a link safe for an HTTP {@code Location} header, RFC 3986 style: every character outside the unreserved and
 * reserved sets is percent-encoded as UTF-8 (non-ASCII, spaces, control characters, quotes, braces...), existing valid
 * {@code %XX} escapes are kept as they are, and a stray {@code %} becomes {@code %25}. A non-ASCII host is written in
 * its punycode form ({@code ñ.example} -> {@code xn--ida.example}), which every client resolves; a host IDNA refuses
 * is percent-encoded like the rest. Header values carry bytes, not characters: raw non-ASCII is read differently by
 * different clients, and a control character cannot be sent at all.
 */
public final class UriEncoding {

    private static final String UNRESERVED_PUNCTUATION = "-._~";
    private static final String RESERVED = ":/?#[]@!$&'()*+,;=";
    private static final Pattern SCHEME_AND_AUTHORITY = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriEncoding() {}

    public static String forLocation(String url) {
        Matcher authority = SCHEME_AND_AUTHORITY.matcher(url);
        if (!authority.find()) {
            return percentEncode(url);
        }
        return percentEncode(authority.group(1) + asciiAuthority(authority.group(2)) + url.substring(authority.end()));
    }

    private static String asciiAuthority(String authority) {
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        String hostAndPort = authority.substring(at + 1);
        if (hostAndPort.startsWith("[")) {
            return authority; // IP literal
        }
        int colon = hostAndPort.lastIndexOf(':');
        String host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
        String port = colon < 0 ? "" : hostAndPort.substring(colon);
        if (host.chars().allMatch(c -> c < 0x80)) {
            return authority;
        }
        try {
            return userInfo + IDN.toASCII(host, IDN.ALLOW_UNASSIGNED) + port;
        } catch (IllegalArgumentException notAnIdn) {
            return authority;
        }
    }

    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (cp < 0x80
                    && (Character.isLetterOrDigit(cp)
                            || UNRESERVED_PUNCTUATION.indexOf(cp) >= 0
                            || RESERVED.indexOf(cp) >= 0
                            || (cp == '%' && isEscape(text, i)))) {
                out.append((char) cp);
            } else {
                // An unpaired surrogate has no UTF-8 form: it stands for U+FFFD, as decoders read it.
                boolean unpaired = cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
                String character = unpaired ? "\uFFFD" : new String(Character.toChars(cp));
                for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
            }
            i += width;
        }
        return out.toString();
    }

    private static boolean isEscape(String text, int percent) {
        return percent + 2 < text.length() && isHex(text.charAt(percent + 1)) && isHex(text.charAt(percent + 2));
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }
}
