package com.nrsconnector.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UriEncodingTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                // ASCII links with every reserved character are left exactly as they are
                "`https://shop.example/a/b?x=1&y=2#top`                | `https://shop.example/a/b?x=1&y=2#top`",
                "`https://u:p@shop.example:8443/p;v=1?q=a,b+c*d$e!f'g(h)i=~_.-`| `https://u:p@shop.example:8443/p;v=1?q=a,b+c*d$e!f'g(h)i=~_.-`",
                "`https://[2001:db8::1]:8080/a`                        | `https://[2001:db8::1]:8080/a`",
                // valid escapes are kept, a stray % is escaped
                "`https://shop.example/a%20b?q=%C3%B1`                 | `https://shop.example/a%20b?q=%C3%B1`",
                "`https://shop.example/100%?x=%zz&y=%4`                | `https://shop.example/100%25?x=%25zz&y=%254`",
                // non-ASCII path and query: UTF-8 percent-encoded
                "`https://shop.example/España/año?ciudad=Coruña`       | `https://shop.example/Espa%C3%B1a/a%C3%B1o?ciudad=Coru%C3%B1a`",
                "`https://shop.example/p?q=😀#sección`                 | `https://shop.example/p?q=%F0%9F%98%80#secci%C3%B3n`",
                // characters outside both sets
                "`https://shop.example/a b?c=\"d\"&e=<f>{g}|h\\i^j`    | `https://shop.example/a%20b?c=%22d%22&e=%3Cf%3E%7Bg%7D%7Ch%5Ci%5Ej`",
                // IDN hosts are written in punycode; user info and port stay
                "`https://ñandú.example/ñ`                             | `https://xn--and-6ma2c.example/%C3%B1`",
                "`http://user@bücher.example:8080/x`                   | `http://user@xn--bcher-kva.example:8080/x`",
            })
    void encodes(String url, String expected) {
        assertEquals(expected, UriEncoding.forLocation(url));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://shop.example/a\u0000b",
                "https://shop.example/a\nb",
                "https://shop.example/a\rb",
                "https://shop.example/a\u0007b",
                "https://shop.example/a\u007fb",
                "https://shop.example/a\u0085b"
            })
    void controlCharactersArePercentEncoded(String url) {
        String encoded = UriEncoding.forLocation(url);
        assertTrue(encoded.chars().allMatch(c -> c > 0x20 && c < 0x7f), encoded);
        assertTrue(encoded.startsWith("https://shop.example/a%"), encoded);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://shop.example/España?q=ñ ü",
                "https://ñ.example/\u0001?\ud83d",
                "no scheme ñ",
                "https://[::1/ñ",
                "https://xn--/ñ"
            })
    void resultIsAlwaysAPrintableAsciiUri(String url) {
        String encoded = UriEncoding.forLocation(url);
        assertTrue(encoded.chars().allMatch(c -> c > 0x20 && c < 0x7f), encoded);
        if (encoded.startsWith("https://") && !encoded.contains("[")) {
            URI.create(encoded); // parses as a URI
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://shop.example/a?b", "https://shop.example/Espa%C3%B1a"})
    void encodingTwiceChangesNothing(String url) {
        assertEquals(UriEncoding.forLocation(url), UriEncoding.forLocation(UriEncoding.forLocation(url)));
    }
}
