package com.nrsconnector.unsubscribe;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The pages escape everything that is not their own, and carry the ids browser tests rely on. */
class UnsubscribePageRendererTest {

    private static final String HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>&amp;";

    @Test
    void portalTextAndLogoCannotAddMarkup() {
        String html = UnsubscribePageRenderer.confirmation(
                PageLanguage.EN,
                HOSTILE + "\n\nSecond paragraph",
                "https://cdn.example.com/l.png\"onload=\"alert(1)",
                "34612345678",
                "abc.def",
                "n\"once");
        assertThat(html, not(containsString("<script>")));
        assertThat(html, not(containsString("<img src=x")));
        assertThat(html, not(containsString("\"onload=\"")));
        assertThat(
                html,
                containsString(
                        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;"));
        assertThat(html, containsString("<p>Second paragraph</p>"));
        assertThat(html, containsString("src=\"https://cdn.example.com/l.png&quot;onload=&quot;alert(1)\""));
        assertThat(html, containsString("value=\"n&quot;once\""));
    }

    @Test
    void confirmationPageHasTheButtonTheFormAndTheMaskedNumber() {
        String html =
                UnsubscribePageRenderer.confirmation(PageLanguage.ES, null, null, "34612345678", "3f.tok", "nonce");
        assertThat(html, containsString("<html lang=\"es\">"));
        assertThat(html, containsString("<button type=\"submit\" id=\"unsubscribe-confirm\">Darme de baja</button>"));
        assertThat(html, containsString("<form method=\"post\" action=\"3f.tok\""));
        assertThat(html, containsString(PageLanguage.ES.defaultText));
        assertThat(html, containsString("••••••••678"));
        assertThat(html, not(containsString("34612345678")));
        assertThat(html, not(containsString("<img")));
        assertThat(html, not(containsString("<script")));
    }

    @Test
    void resultAndErrorPagesHaveTheirIds() {
        assertThat(
                UnsubscribePageRenderer.result(PageLanguage.PT, null, false),
                containsString("<p id=\"unsubscribe-message\" role=\"status\">" + PageLanguage.PT.done + "</p>"));
        assertThat(
                UnsubscribePageRenderer.result(PageLanguage.EN, null, true),
                containsString(PageLanguage.EN.alreadyDone));
        assertThat(
                UnsubscribePageRenderer.error(PageLanguage.EN, "bad <link>"),
                containsString("<p id=\"unsubscribe-error\" class=\"error\" role=\"alert\">bad &lt;link&gt;</p>"));
    }

    @Test
    void masking() {
        assertEquals("••••••••678", UnsubscribePageRenderer.masked("34612345678"));
        assertEquals("12", UnsubscribePageRenderer.masked("12"));
        assertEquals("", UnsubscribePageRenderer.escape(null));
    }
}
