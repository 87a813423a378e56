package com.nrsconnector.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagePersonalizerTest {

    private final MessagePersonalizer personalizer = new MessagePersonalizer();

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void referencedPropertiesInOrderWithoutDuplicates() {
        String template = "Hi {{contact.firstname}} {{ contact.lastname }}, {{contact.firstname}} "
                + "your code {{\tcontact.promo_code_2 }} {UNSUB_URL}";
        assertEquals(
                List.of("firstname", "lastname", "promo_code_2"),
                List.copyOf(personalizer.referencedProperties(template)));
    }

    @Test
    void referencedPropertiesOfNothing() {
        assertEquals(
                0, personalizer.referencedProperties("No tokens {UNSUB_URL}").size());
        assertEquals(0, personalizer.referencedProperties(null).size());
    }

    @Test
    void malformedTokensAreNotReferencedAndStayUntouched() {
        String template =
                "{{contact.first-name}} {{deal.amount}} {contact.firstname} {{contact.}} {{ contact firstname }}";
        assertEquals(0, personalizer.referencedProperties(template).size());
        assertEquals(template, personalizer.render(template, props("firstname", "Ana")));
    }

    @Test
    void replacesTokensWithAndWithoutInnerSpaces() {
        assertEquals(
                "Hola Ana García, tu cita es el 12/11",
                personalizer.render(
                        "Hola {{contact.firstname}} {{ contact.lastname }}, tu cita es el {{contact.date}}",
                        props("firstname", "Ana", "lastname", "García", "date", "12/11")));
    }

    @Test
    void tokensGluedToTextAreReplacedInPlace() {
        assertEquals("Ref:ABC-123.", personalizer.render("Ref:{{contact.ref}}.", props("ref", "ABC-123")));
    }

    @Test
    void unsubscribePlaceholderIsLeftForTheCaller() {
        assertEquals(
                "Hola Ana. Baja: {UNSUB_URL}",
                personalizer.render("Hola {{contact.firstname}}. Baja: {UNSUB_URL}", props("firstname", "Ana")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`Hola {{contact.firstname}}, tu cita`                          | `Hola, tu cita`",
                "`Hi {{contact.firstname}} {{contact.lastname}} welcome`        | `Hi welcome`",
                "`Hi {{contact.firstname}}!`                                     | `Hi!`",
                "`Hi {{contact.firstname}} .`                                    | `Hi.`",
                "`¿Vienes, {{contact.firstname}}?`                               | `¿Vienes?`",
                "`Gracias, {{contact.firstname}}!`                               | `Gracias!`",
                "`Hola, {{contact.firstname}}`                                   | `Hola`",
                "`Hola, {{contact.firstname}}, tu cita`                          | `Hola, tu cita`",
                "`Hola , {{contact.firstname}}.`                                 | `Hola.`",
                "`1,2,{{contact.x}} y 3`                                         | `1,2, y 3`",
                "`Hi {{contact.a}} {{contact.b}}, welcome`                       | `Hi, welcome`",
                "`Hora: {{contact.time}}; lugar: {{contact.place}}.`             | `Hora:; lugar:.`",
                "`(Ref {{contact.ref}})`                                         | `(Ref)`",
                "`Thanks {{contact.firstname}}`                                  | `Thanks`",
                "`{{contact.firstname}} hello`                                   | `hello`",
                "`{{contact.firstname}}`                                         | ``",
                "`abc{{contact.x}}def`                                           | `abcdef`",
                "`Hi,{{contact.x}} there`                                        | `Hi, there`",
                "`Dear {{contact.title}} {{contact.lastname}}`                   | `Dear`",
                "`Dear {{contact.title}} {{contact.lastname}} Smith`             | `Dear Smith`",
            })
    void removedTokensLeaveNoStraySpaces(String template, String expected) {
        assertEquals(expected, personalizer.render(template, Map.of()));
    }

    @Test
    void missingNullAndBlankValuesAreAllRemoved() {
        Map<String, String> values = props("a", null, "b", "", "c", "   ");
        assertEquals("X Y", personalizer.render("X {{contact.a}}{{contact.b}} {{contact.c}} Y", values));
        assertEquals("X Y", personalizer.render("X {{contact.missing}} Y", values));
    }

    @Test
    void lineBreaksSurviveRemoval() {
        String template = "Hola {{contact.firstname}}\nTu cita: {{contact.date}}\r\n{{contact.clinic}}\nGracias";
        assertEquals("Hola\nTu cita:\r\n\nGracias", personalizer.render(template, Map.of()));
    }

    @Test
    void lineBreaksSurviveSubstitution() {
        assertEquals(
                "Hola Ana\n\nAdiós",
                personalizer.render("Hola {{contact.firstname}}\n\nAdiós", props("firstname", "Ana")));
    }

    @Test
    void authorsOwnDoubleSpacesAreKept() {
        assertEquals(
                "Hola  amigo.  Hasta pronto",
                personalizer.render("Hola  amigo.  {{contact.x}} Hasta pronto", Map.of()));
        assertEquals("A  B", personalizer.render("A  B", Map.of()));
        assertEquals("A  B Ana", personalizer.render("A  B {{contact.n}}", props("n", "Ana")));
    }

    @Test
    void indentationAtLineStartIsKept() {
        assertEquals("Lista:\n  item", personalizer.render("Lista:\n  {{contact.x}} item", Map.of()));
    }

    @Test
    void valuesAreInsertedLiterallyEvenWithRegexSpecials() {
        Map<String, String> values = props("price", "$1.000 \\o/ $2", "group", "\\1 $0");
        assertEquals(
                "Total: $1.000 \\o/ $2 (\\1 $0)",
                personalizer.render("Total: {{contact.price}} ({{contact.group}})", values));
    }

    @Test
    void unicodeValues() {
        Map<String, String> values = props("firstname", "José Ñúñez", "city", "São Paulo", "emoji", "🎉");
        assertEquals(
                "Olá José Ñúñez de São Paulo 🎉",
                personalizer.render("Olá {{contact.firstname}} de {{contact.city}} {{contact.emoji}}", values));
    }

    @Test
    void valuesAreNotScannedForTokensAgain() {
        Map<String, String> values = props("firstname", "{{contact.secret}}", "secret", "leak");
        assertEquals("Hi {{contact.secret}}", personalizer.render("Hi {{contact.firstname}}", values));
    }

    @Test
    void propertyNamesAreCaseSensitive() {
        assertEquals("Hi Ana", personalizer.render("Hi {{contact.FirstName}}", props("FirstName", "Ana")));
        assertEquals("Hi", personalizer.render("Hi {{contact.FirstName}}", props("firstname", "Ana")));
    }

    @Test
    void nullPropertiesMeansNoValues() {
        assertEquals("Hi", personalizer.render("Hi {{contact.firstname}}", null));
    }

    @Test
    void nullTemplateIsABug() {
        assertThrows(NullPointerException.class, () -> personalizer.render(null, Map.of()));
    }

    @Test
    void nulAndControlCharactersAreDroppedFromValuesButLineBreaksAndTabsStay() {
        Map<String, String> values = props("firstname", "A\u0000n\u0007a\u001b[0m", "address", "Calle 1\r\n\t2º");
        assertEquals(
                "Hi Ana[0m, Calle 1\r\n\t2º",
                personalizer.render("Hi {{contact.firstname}}, {{contact.address}}", values));
    }

    @Test
    void valueOfOnlyControlCharactersCountsAsMissing() {
        assertEquals(
                "Hola, qué tal",
                personalizer.render("Hola {{contact.firstname}}, qué tal", props("firstname", "\u0000\u0001")));
    }

    @Test
    void placeholdersInValuesAreInsertedLiterallyAndMarkedAsContactData() {
        MessagePersonalizer.Rendered rendered =
                personalizer.personalize("Hi {{contact.firstname}}! {UNSUB_URL}", props("firstname", "{UNSUB_URL}"));
        assertEquals("Hi {UNSUB_URL}! {UNSUB_URL}", rendered.text());
        assertEquals(List.of(new MessagePersonalizer.Rendered.Span(3, 14)), rendered.values());
        assertTrue(rendered.touchesValue(3, 14));
        assertFalse(rendered.touchesValue(16, 27));
    }

    @Test
    void aRemovedTokenLeavesAnEmptySpanThatMarksALinkItWasGluedTo() {
        MessagePersonalizer.Rendered rendered =
                personalizer.personalize("Go https://shop.example/{{contact.slug}} now", props());
        assertEquals("Go https://shop.example/ now", rendered.text());
        assertTrue(rendered.touchesValue(3, 24), rendered.values().toString());
        MessagePersonalizer.Rendered apart =
                personalizer.personalize("Go https://shop.example {{contact.slug}}.", props());
        assertEquals("Go https://shop.example.", apart.text());
        assertFalse(apart.touchesValue(3, 23), apart.values().toString());
    }

    @Test
    void spansFollowTheTextWhenTidyingTakesAPieceOfTheValueBefore() {
        MessagePersonalizer.Rendered rendered =
                personalizer.personalize("{{contact.a}} {{contact.b}}. Fin", props("a", "Ana "));
        assertEquals("Ana. Fin", rendered.text());
        assertEquals(
                new MessagePersonalizer.Rendered.Span(0, 3), rendered.values().get(0));
    }
}
