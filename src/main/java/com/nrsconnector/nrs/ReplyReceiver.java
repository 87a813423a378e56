package com.nrsconnector.nrs;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.TypeConverter;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.messaging.MessageRecord;
import com.nrsconnector.messaging.MessageStatus;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.ProviderEventInbox;
import com.nrsconnector.ops.LogText;
import com.nrsconnector.security.CallbackSigner;
import com.nrsconnector.store.PortalStore;
import com.nrsconnector.unsubscribe.SmsOptOut;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Takes the replies 360nrs forwards (route nrs-sms-reply, routes/nrs-callbacks.yaml). The reply URL of a 360nrs account
 * carries the account and its signature ({@code ?account=<user>&sig=<signature>}), so only someone who was given that
 * URL can post replies, and only for the portals linked to that account. A reply is matched to the latest SMS sent to
 * its number from the sender it answers in those portals, and raises RESPONSE (with the reply's text) on that message
 * through the status machine: after DELIVERED, held until then. A reply that is an opt-out keyword also unsubscribes
 * the number from SMS for that portal, as the unsubscribe page does.
 */
@ApplicationScoped
@Named("replyReceiver")
@RegisterForReflection
public class ReplyReceiver {

    private static final Logger LOG = Logger.getLogger(ReplyReceiver.class);
    static final String SIGNATURE_PURPOSE = "reply";
    static final int MAX_TEXT = 2000;
    private static final int MAX_FIELD = 255;

    @Inject
    CallbackSigner signer;

    @Inject
    PortalStore portals;

    @Inject
    MessageStore messages;

    @Inject
    ProviderEventInbox inbox;

    @Inject
    OptOutKeywords keywords;

    @Inject
    SmsOptOut smsOptOut;

    @Inject
    ObjectMapper json;

    /** Route step: the 360nrs account whose reply URL this is, if the signature matches; otherwise a 401. */
    public String verify(@Header("account") String account, @Header("sig") String sig) {
        if (account == null
                || account.isBlank()
                || account.length() > MAX_FIELD
                || account.chars().anyMatch(Character::isISOControl)) {
            throw RequestRejectedException.badRequest(
                    "account", "account (the 360nrs account of the reply URL) is required");
        }
        if (!signer.verify(SIGNATURE_PURPOSE, account, sig)) {
            throw RequestRejectedException.unauthorized("the reply URL's signature does not match its account");
        }
        return account;
    }

    /**
     * Route step: the reply's fields, from a JSON object or a form-urlencoded body (values as text; nested values are
     * left out). The route then picks the fields it needs by name. The HTTP server hands form data over already parsed
     * (a map); anything else is read as UTF-8 text.
     */
    public Map<String, String> fields(
            @Body Object body, @Header(Exchange.CONTENT_TYPE) String contentType, TypeConverter converter) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body instanceof Map<?, ?> form) {
            form.forEach((key, value) -> {
                Object first = value instanceof List<?> list ? (list.isEmpty() ? null : list.get(0)) : value;
                if (key != null && first != null) {
                    fields.put(key.toString(), first.toString());
                }
            });
            if (fields.isEmpty()) {
                throw RequestRejectedException.badRequest("body", "the reply is empty");
            }
            return fields;
        }
        String text = body == null
                ? null
                : body instanceof byte[] bytes
                        ? new String(bytes, StandardCharsets.UTF_8)
                        : converter.convertTo(String.class, body);
        if (text == null || text.isBlank()) {
            throw RequestRejectedException.badRequest("body", "the reply is empty");
        }
        if (contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            for (String pair : text.split("&")) {
                int eq = pair.indexOf('=');
                try {
                    String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
                    fields.putIfAbsent(key, value);
                } catch (IllegalArgumentException malformed) {
                    throw RequestRejectedException.badRequest("body", "the reply is not well-formed form data");
                }
            }
            return fields;
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw RequestRejectedException.badRequest(
                    "body", "the reply is neither JSON nor form data: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw RequestRejectedException.badRequest("body", "the reply must be a JSON object");
        }
        root.fields().forEachRemaining(field -> {
            if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                fields.put(field.getKey(), field.getValue().asText());
            }
        });
        return fields;
    }

    /** Route step: matches the reply to its message, raises RESPONSE and, for an opt-out keyword, unsubscribes. */
    public Map<String, Object> record(
            @ExchangeProperty("nrsAccount") String account,
            @ExchangeProperty("replyFrom") String from,
            @ExchangeProperty("replyTo") String to,
            @ExchangeProperty("replyText") String text) {
        String phone = number(from);
        if (to == null
                || to.isBlank()
                || to.trim().length() > MAX_FIELD
                || to.chars().anyMatch(Character::isISOControl)) {
            throw RequestRejectedException.badRequest(
                    "to",
                    "to (the sender the reply answers) is required: up to " + MAX_FIELD
                            + " characters, no control characters");
        }
        if (text == null) {
            throw RequestRejectedException.badRequest("text", "text (the reply) is required");
        }
        String sender = to.trim();
        String reply = MessageStore.storable(text.replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", ""), MAX_TEXT);
        List<Long> linked = portals.linkedTo(account);
        Optional<MessageRecord> answered = messages.latestSentTo(linked, phone, sender);
        if (answered.isEmpty() && sender.startsWith("+")) {
            answered = messages.latestSentTo(linked, phone, sender.substring(1));
        }
        if (answered.isEmpty()) {
            LOG.infof(
                    "reply for account %s from sender %s: no SMS sent to that number from that sender; ignored",
                    LogText.of(account), LogText.of(sender));
            return Map.of("status", "unmatched");
        }
        MessageRecord message = answered.get();
        String raw = rawOf(phone, sender, reply);
        String event = inbox.record(message.id(), MessageStatus.RESPONSE, "reply", raw, reply);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", event);
        Optional<String> keyword = keywords.match(reply);
        if (keyword.isPresent()) {
            boolean recordedNow = smsOptOut
                    .optOut(message, "reply " + keyword.get(), raw, "unsubscribed by replying " + keyword.get())
                    .recordedNow();
            answer.put("optOut", recordedNow ? "recorded" : "already recorded");
        }
        LOG.infof(
                "portal %d: message %d: reply (%d characters): %s%s",
                message.portalId(),
                message.id(),
                reply.length(),
                event,
                keyword.isPresent() ? ", opt-out keyword" : "");
        return answer;
    }

    /** The replying number as messages keep it: digits only, with the country code (a leading + or 00 dropped). */
    static String number(String from) {
        String digits = from == null ? "" : from.replaceAll("[\\s().-]", "");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        } else if (digits.startsWith("00")) {
            digits = digits.substring(2);
        }
        if (!digits.matches("[1-9][0-9]{6,14}")) {
            throw RequestRejectedException.badRequest(
                    "from", "from must be the replying number in international form (up to 15 digits)");
        }
        return digits;
    }

    private String rawOf(String phone, String sender, String text) {
        try {
            return json.writeValueAsString(Map.of("from", phone, "to", sender, "text", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
