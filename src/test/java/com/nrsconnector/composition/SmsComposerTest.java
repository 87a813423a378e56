package com.nrsconnector.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.MessageRecord;
import com.nrsconnector.messaging.MessageStatus;

class SmsComposerTest {

    private static final String BASE = "https://connector.example";
    private static final long MESSAGE_ID = 42;

    /** The links handed to the short-link issuer, by code. */
    private final Map<String, String> issued = new LinkedHashMap<>();

    private final SmsComposer composer = new SmsComposer();

    SmsComposerTest() {
        composer.config = config();
        composer.shortLinks = new ShortLinkIssuer() {
            @Override
            public Function<String, String> forMessage(long messageId) {
                return url -> {
                    String code = "code" + issued.size();
                    issued.put(code, url);
                    return BASE + PATH + code;
                };
            }
        };
        composer.init();
    }

    /** Only what composition reads; anything else is a test bug. */
    private static ConnectorConfig config() {
        Object nrs = proxy(ConnectorConfig.Nrs.class, Map.of("portugueseEncodingAllowed", true));
        Object secrets = proxy(ConnectorConfig.Secrets.class, Map.of("signingKey", "test-signing-key"));
        return proxy(ConnectorConfig.class, Map.of("publicBaseUrl", BASE, "nrs", nrs, "secrets", secrets));
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (!answers.containsKey(method.getName())) {
                throw new UnsupportedOperationException(method.getName());
            }
            return answers.get(method.getName());
        });
    }

    private String compose(String template, Map<String, String> inputs, Map<String, String> properties) {
        Map<String, String> fields = new HashMap<>(Map.of("sender", "ACME", "message", template));
        fields.putAll(inputs);
        Map<String, String> contact = new HashMap<>(properties);
        contact.put("mobilephone", "+34612345678");
        MessageRecord message = new MessageRecord(
                MESSAGE_ID,
                "cb",
                62515,
                "1001",
                Channel.SMS,
                MessageStatus.PENDING,
                "ACME",
                template,
                fields,
                Map.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        ComposedSms composed = composer.compose(message, contact, ZoneId.of("Europe/Madrid"), Instant.now());
        assertNull(composed.failureReason());
        return composed.details().text();
    }

    private String unsubscribeUrl() {
        return BASE + "/u/" + new UnsubscribeTokenSigner("test-signing-key").sign(MESSAGE_ID);
    }

    @Test
    void unsubscribePlaceholderInAContactValueIsNotExpanded() {
        String text =
                compose("Hola {{contact.firstname}}. Baja: {UNSUB_URL}", Map.of(), Map.of("firstname", "{UNSUB_URL}"));
        assertEquals("Hola {UNSUB_URL}. Baja: " + unsubscribeUrl(), text);
    }

    @Test
    void linkFromContactDataIsNeverShortenedNorTagged() {
        String text = compose(
                "Oferta https://shop.example/a y {{contact.web}} fin",
                Map.of("shortenUrls", "true", "utmSource", "sms"),
                Map.of("web", "https://evil.example/x"));
        assertEquals("Oferta " + BASE + "/l/code0 y https://evil.example/x fin", text);
        assertEquals(Map.of("code0", "https://shop.example/a?utm_source=sms"), issued);
    }

    @Test
    void authoredLinkWithATokenInsideIsLeftAsItIs() {
        String text = compose(
                "Tu pedido https://shop.example/o/{{contact.order}} ya",
                Map.of("shortenUrls", "true"),
                Map.of("order", "123"));
        assertEquals("Tu pedido https://shop.example/o/123 ya", text);
        assertTrue(issued.isEmpty(), issued.toString());
    }

    @Test
    void authoredLinksAreTaggedAndShortenedAsBeforeAndTheUnsubscribeLinkIsNot() {
        String text = compose(
                "Mira https://shop.example/a?x=1#top {UNSUB_URL}",
                Map.of("shortenUrls", "true", "utmSource", "hubspot", "utmCampaign", "black friday"),
                Map.of());
        assertEquals("Mira " + BASE + "/l/code0 " + unsubscribeUrl(), text);
        assertEquals(
                "https://shop.example/a?x=1&utm_source=hubspot&utm_campaign=black%20friday#top", issued.get("code0"));
    }

    @Test
    void controlCharactersAreDroppedFromContactValues() {
        String text = compose(
                "Hola {{contact.firstname}}, {{contact.city}}",
                Map.of(),
                Map.of("firstname", "A\u0000na\u001b", "city", "Vigo\u0007"));
        assertEquals("Hola Ana, Vigo", text);
    }
}
