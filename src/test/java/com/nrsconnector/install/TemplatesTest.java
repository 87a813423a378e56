package com.nrsconnector.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TemplatesTest {

    private final Templates templates = new Templates();

    @Test
    void everyValueIsEscaped() {
        assertEquals(
                "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&#xFFFD;", Templates.escape("<script>\"x\" & 'y'\u0000"));
        assertEquals("", Templates.escape(null));
    }

    @Test
    void valuesAreEscapedAndFragmentsInsertedAsRendered() {
        String html = templates.render(
                "message",
                Map.of("title", "<b>Title</b>", "message", "\"quoted\""),
                Map.of("action", templates.fragment("reconnect", Map.of())));
        assertTrue(html.contains("<h1>&lt;b&gt;Title&lt;/b&gt;</h1>"), html);
        assertTrue(html.contains("&quot;quoted&quot;"), html);
        assertTrue(html.contains("<a id=\"connect\""), html);
        assertFalse(html.contains("{{"), html);
    }

    @Test
    void theAccountFormHasStableIdsAndLabels() {
        String html = templates.render(
                "account-form",
                Map.of("csrf", "t\"><x", "apiUser", "a\"b"),
                Map.of(
                        "apiPasswordError",
                        templates.fragment(
                                "field-error", Map.of("field", "apiPassword", "message", "Wrong <password>"))));
        assertTrue(html.contains("<label for=\"apiUser\">"), html);
        assertTrue(html.contains("<label for=\"apiPassword\">"), html);
        assertTrue(html.contains("id=\"link-account\""), html);
        assertTrue(html.contains("name=\"csrf\" value=\"t&quot;&gt;&lt;x\""), html);
        assertTrue(html.contains("value=\"a&quot;b\""), html);
        assertTrue(html.contains("<p id=\"apiPassword-error\" class=\"error\">Wrong &lt;password&gt;</p>"), html);
    }
}
