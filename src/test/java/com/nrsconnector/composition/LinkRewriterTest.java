package com.nrsconnector.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkRewriterTest {

    private final LinkRewriter rewriter = new LinkRewriter();

    private static final UtmParameters SMS_UTM = new UtmParameters("hubspot", "sms", "black friday", null, " ");
    private static final UtmParameters SOURCE_ONLY = new UtmParameters("s", null, null, null, null);
    private static final String SMS_UTM_QUERY = "utm_source=hubspot&utm_medium=sms&utm_campaign=black%20friday";

    @Nested
    class FindLinks {

        @ParameterizedTest(name = "[{index}] {0}")
        @CsvSource(
                delimiter = '|',
                quoteCharacter = '`',
                value = {
                    "`Visit https://example.com now`                         | `https://example.com`",
                    "`Visit https://example.com.`                            | `https://example.com`",
                    "`See https://example.com/a?b=1&c=2, then`               | `https://example.com/a?b=1&c=2`",
                    "`Really https://example.com/x?!`                        | `https://example.com/x`",
                    "`Colon https://example.com:`                            | `https://example.com`",
                    "`Semi https://example.com;`                             | `https://example.com`",
                    "`Quoted \"https://example.com/q\"`                      | `https://example.com/q`",
                    "`Single 'https://example.com/q'`                        | `https://example.com/q`",
                    "`(see https://example.com/a)`                           | `https://example.com/a`",
                    "`[see https://example.com/a]`                           | `https://example.com/a`",
                    "`Wiki https://en.wikipedia.org/wiki/Foo_(bar) ok`       | `https://en.wikipedia.org/wiki/Foo_(bar)`",
                    "`(Wiki https://en.wikipedia.org/wiki/Foo_(bar)).`       | `https://en.wikipedia.org/wiki/Foo_(bar)`",
                    "`Port http://localhost:8080/path`                       | `http://localhost:8080/path`",
                    "`Frag https://example.com/p#section-2.`                 | `https://example.com/p#section-2`",
                    "`Upper HTTPS://EXAMPLE.COM/X`                           | `HTTPS://EXAMPLE.COM/X`",
                    "`Angle <https://example.com/a>`                         | `https://example.com/a`",
                    "`Glued:https://example.com/a`                           | `https://example.com/a`",
                    "`Unicode https://es.wikipedia.org/wiki/España!`         | `https://es.wikipedia.org/wiki/España`",
                    "`Dots inside https://a.b.example.com/x.y.html.`         | `https://a.b.example.com/x.y.html`",
                })
        void findsTheLinkWithoutTrailingPunctuation(String text, String link) {
            assertEquals(List.of(link), rewriter.findLinks(text));
        }

        @Test
        void multipleLinksInOrder() {
            assertEquals(
                    List.of("https://a.example/1", "http://b.example/2?x=y", "https://a.example/1"),
                    rewriter.findLinks("A https://a.example/1, B http://b.example/2?x=y\nC https://a.example/1"));
        }

        @Test
        void noLinks() {
            assertEquals(List.of(), rewriter.findLinks("Just text, www.example.com and ftp://example.com"));
            assertEquals(List.of(), rewriter.findLinks("notahttps://example.com 2http://example.com"));
            assertEquals(List.of(), rewriter.findLinks("https:// nothing after the scheme; https://."));
            assertEquals(List.of(), rewriter.findLinks(""));
            assertEquals(List.of(), rewriter.findLinks(null));
        }

        @Test
        void stopsAtAnyWhitespaceIncludingNoBreakSpace() {
            assertEquals(
                    List.of("https://example.com/a", "https://example.com/b"),
                    rewriter.findLinks("https://example.com/a\u00A0https://example.com/b\tend"));
        }
    }

    @Nested
    class AddUtm {

        @Test
        void addsNonBlankParametersUrlEncoded() {
            assertEquals(
                    "Oferta: https://shop.example/p?" + SMS_UTM_QUERY + ".",
                    rewriter.addUtm("Oferta: https://shop.example/p.", SMS_UTM));
        }

        @Test
        void allFiveInConventionalOrder() {
            var utm = new UtmParameters("s", "m", "c", "t", "x");
            assertEquals(
                    "https://e.example?utm_source=s&utm_medium=m&utm_campaign=c&utm_term=t&utm_content=x",
                    rewriter.addUtm("https://e.example", utm));
        }

        @Test
        void encodesReservedAndUnicodeCharacters() {
            var utm = new UtmParameters("a&b=c", null, "café #1+2", null, null);
            assertEquals(
                    "https://e.example/?utm_source=a%26b%3Dc&utm_campaign=caf%C3%A9%20%231%2B2",
                    rewriter.addUtm("https://e.example/", utm));
        }

        @Test
        void keepsExistingQueryString() {
            assertEquals(
                    "https://e.example/p?id=7&x=a%20b&" + SMS_UTM_QUERY,
                    rewriter.addUtm("https://e.example/p?id=7&x=a%20b", SMS_UTM));
        }

        @Test
        void parametersGoBeforeTheFragment() {
            assertEquals(
                    "https://e.example/p?id=7&utm_source=s#top",
                    rewriter.addUtm("https://e.example/p?id=7#top", SOURCE_ONLY));
            assertEquals(
                    "https://e.example/p?utm_source=s#/route?x=1",
                    rewriter.addUtm("https://e.example/p#/route?x=1", SOURCE_ONLY));
        }

        @Test
        void emptyQueryOrTrailingAmpersandGetNoExtraSeparator() {
            assertEquals(
                    "https://e.example/p?utm_source=s#top", rewriter.addUtm("https://e.example/p?#top", SOURCE_ONLY));
            assertEquals(
                    "https://e.example/p?a=1&utm_source=s", rewriter.addUtm("https://e.example/p?a=1&", SOURCE_ONLY));
        }

        @Test
        void questionMarkEndingASentenceIsNotAnEmptyQuery() {
            assertEquals(
                    "Have you seen https://e.example/p?utm_source=s?",
                    rewriter.addUtm("Have you seen https://e.example/p?", SOURCE_ONLY));
        }

        @Test
        void portsAndParenthesesInPaths() {
            assertEquals(
                    "Go http://localhost:8080/x?utm_source=s now",
                    rewriter.addUtm("Go http://localhost:8080/x now", SOURCE_ONLY));
            assertEquals(
                    "(https://en.wikipedia.org/wiki/Foo_(bar)?utm_source=s)",
                    rewriter.addUtm("(https://en.wikipedia.org/wiki/Foo_(bar))", SOURCE_ONLY));
        }

        @Test
        void existingUtmParameterWins() {
            assertEquals(
                    "https://e.example/p?utm_source=newsletter&utm_medium=sms&utm_campaign=black%20friday",
                    rewriter.addUtm("https://e.example/p?utm_source=newsletter", SMS_UTM));
        }

        @Test
        void linkWithAllItsUtmParametersIsUnchanged() {
            String text = "https://e.example/p?utm_campaign=x&utm_medium=y&utm_source=z";
            assertEquals(text, rewriter.addUtm(text, SMS_UTM));
        }

        @Test
        void percentEncodedExistingNameIsRecognised() {
            assertEquals(
                    "https://e.example/?utm%5Fsource=a",
                    rewriter.addUtm("https://e.example/?utm%5Fsource=a", SOURCE_ONLY));
        }

        @Test
        void everyLinkGetsTheParametersAndTheRestOfTheTextIsUntouched() {
            assertEquals(
                    "1) https://a.example?utm_source=s, 2) https://b.example/x?y=1&utm_source=s!\nBye  {UNSUB_URL}",
                    rewriter.addUtm(
                            "1) https://a.example, 2) https://b.example/x?y=1!\nBye  {UNSUB_URL}", SOURCE_ONLY));
        }

        @Test
        void emptyUtmOrNoLinksChangeNothing() {
            String text = "Visit https://e.example";
            assertSame(text, rewriter.addUtm(text, new UtmParameters(" ", "", null, null, null)));
            assertSame(text, rewriter.addUtm(text, null));
            assertSame(text, rewriter.addUtm(text, UtmParameters.NONE));
            assertEquals("No links here.", rewriter.addUtm("No links here.", SMS_UTM));
        }
    }

    @Nested
    class ShortenLinks {

        @Test
        void replacesEachLinkWithTheShortenerAnswer() {
            List<String> seen = new ArrayList<>();
            String text = "A https://long.example/a?x=1. B (https://long.example/b) C";
            String result = rewriter.shortenLinks(text, link -> {
                seen.add(link);
                return "https://s.example/" + seen.size();
            });
            assertEquals("A https://s.example/1. B (https://s.example/2) C", result);
            assertEquals(List.of("https://long.example/a?x=1", "https://long.example/b"), seen);
        }

        @Test
        void nullAnswerKeepsTheOriginalLink() {
            assertEquals("A https://long.example/a", rewriter.shortenLinks("A https://long.example/a", link -> null));
        }

        @Test
        void replacementTextIsLiteral() {
            assertEquals("A $1\\x", rewriter.shortenLinks("A https://long.example/a", link -> "$1\\x"));
        }

        @Test
        void utmThenShorteningIsTheUsualPipeline() {
            var shortened = Map.of("https://e.example/p?utm_source=s", "https://s.example/Ab3dE6gH");
            String withUtm = rewriter.addUtm("Ver https://e.example/p", SOURCE_ONLY);
            assertEquals("Ver https://s.example/Ab3dE6gH", rewriter.shortenLinks(withUtm, shortened::get));
        }

        @Test
        void noLinksNeverCallsTheShortener() {
            assertEquals("Nothing", rewriter.shortenLinks("Nothing", link -> {
                throw new AssertionError("called for " + link);
            }));
            assertNull(rewriter.shortenLinks(null, link -> link));
        }

        @Test
        void shortenerIsRequired() {
            assertThrows(NullPointerException.class, () -> rewriter.shortenLinks("https://e.example", null));
        }
    }

    @Test
    void utmParametersIsEmptyOnlyWhenAllBlank() {
        assertTrue(UtmParameters.NONE.isEmpty());
        assertTrue(new UtmParameters("", " ", "\t", null, "").isEmpty());
        assertEquals(false, new UtmParameters(null, null, null, null, "c").isEmpty());
    }

    @Nested
    class RewriteAuthored {

        private final MessagePersonalizer personalizer = new MessagePersonalizer();

        private String rewrite(String template, Map<String, String> contact) {
            return rewriter.rewriteAuthored(
                    personalizer.personalize(template, contact),
                    link -> "<" + link + ">",
                    text -> text.replace("{UNSUB_URL}", "U"));
        }

        @Test
        void authoredLinksAreRewrittenAndContactLinksAreLeftAsTheyAre() {
            assertEquals(
                    "Mira <https://shop.example/a> o https://evil.example/x. Baja: U",
                    rewrite(
                            "Mira https://shop.example/a o {{contact.web}}. Baja: {UNSUB_URL}",
                            Map.of("web", "https://evil.example/x")));
        }

        @Test
        void aLinkThatContainsATokenIsContactDataWithOrWithoutItsValue() {
            assertEquals(
                    "Tu pedido: https://shop.example/o/123?x=1 y https://shop.example/o/",
                    rewrite(
                            "Tu pedido: https://shop.example/o/{{contact.order}}?x=1 y https://shop.example/o/{{contact.none}}",
                            Map.of("order", "123")));
            assertEquals("https://x.example.com", rewrite("https://{{contact.sub}}.example.com", Map.of("sub", "x")));
        }

        @Test
        void placeholdersInContactValuesAreNotExpanded() {
            assertEquals(
                    "Hola {UNSUB_URL}, baja: U",
                    rewrite("Hola {{contact.firstname}}, baja: {UNSUB_URL}", Map.of("firstname", "{UNSUB_URL}")));
        }

        @Test
        void aPlaceholderSplitBetweenTheAuthorAndAContactIsNotExpanded() {
            assertEquals("{UNSUB_URL} U", rewrite("{UNSUB_{{contact.x}} {UNSUB_URL}", Map.of("x", "URL}")));
        }

        @Test
        void authoredLinkNextToAValueSeparatedBySpaceIsStillTheAuthors() {
            assertEquals(
                    "Ana <https://shop.example> https://evil.example",
                    rewrite(
                            "{{contact.firstname}} https://shop.example {{contact.web}}",
                            Map.of("firstname", "Ana", "web", "https://evil.example")));
        }

        @Test
        void aValueInFrontOfAnAuthoredLinkLeavesItTheAuthors() {
            assertEquals("/<https://shop.example>", rewrite("{{contact.p}}https://shop.example", Map.of("p", "/")));
        }

        @Test
        void aLinkThatStartsInAValueAndRunsIntoTheAuthorsTextIsContactData() {
            assertEquals(
                    "https://evil.example/?https://shop.example",
                    rewrite("{{contact.web}}https://shop.example", Map.of("web", "https://evil.example/?")));
        }

        @Test
        void textWithoutValuesIsRewrittenAsAWhole() {
            assertEquals("a <https://e.example/b> U c", rewrite("a https://e.example/b {UNSUB_URL} c", Map.of()));
        }

        @Test
        void addUtmToLinkTagsOneLinkLikeAddUtm() {
            assertEquals(
                    "https://e.example/a?x=1&" + SMS_UTM_QUERY + "#f",
                    rewriter.addUtmToLink("https://e.example/a?x=1#f", SMS_UTM));
            assertEquals("https://e.example/a", rewriter.addUtmToLink("https://e.example/a", UtmParameters.NONE));
        }
    }
}
