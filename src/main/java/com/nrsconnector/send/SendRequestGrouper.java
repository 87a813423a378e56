package com.nrsconnector.send;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.Channel;
import com.nrsconnector.nrs.PreparedSend;
import com.nrsconnector.nrs.SendGroup;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The dispatcher's grouping step: the sends of one claimed batch that 360nrs can take in one request become one
 * {@link SendGroup}. SMS go together when everything the request says but the number is the same: portal, 360nrs
 * account, sender, final text, encoding, parts allowed and campaign; a request carries each number once (a second
 * message to the same number goes in another request) and at most {@code connector.nrs.max-recipients-per-request}
 * numbers (capped at 500). Voice calls go one per request. Groups come in the order of their lowest message id.
 */
@ApplicationScoped
@Named("sendRequestGrouper")
@RegisterForReflection
public class SendRequestGrouper {

    /** The usual client limit of 360nrs's POST /sms. */
    public static final int MAX_RECIPIENTS = 500;

    @Inject
    ConnectorConfig config;

    /** Route step: the batch's sends ready for 360nrs, as the requests that carry them. */
    public List<SendGroup> group(@Body List<PreparedSend> sends) {
        return group(sends, config.nrs().maxRecipientsPerRequest());
    }

    static List<SendGroup> group(List<PreparedSend> sends, int maxRecipients) {
        int limit = Math.max(1, Math.min(MAX_RECIPIENTS, maxRecipients));
        List<PreparedSend> ordered = new ArrayList<>(sends);
        ordered.sort((a, b) -> Long.compare(a.messageId(), b.messageId()));
        // Open requests per shared content, each with the numbers it carries; in the order they were opened.
        Map<RequestKey, List<OpenRequest>> open = new LinkedHashMap<>();
        List<OpenRequest> all = new ArrayList<>();
        for (PreparedSend sms : ordered) {
            if (sms.channel() != Channel.SMS) {
                all.add(new OpenRequest(sms));
                continue;
            }
            String number = sms.details().phone();
            List<OpenRequest> candidates = open.computeIfAbsent(RequestKey.of(sms), key -> new ArrayList<>());
            OpenRequest target = null;
            for (OpenRequest request : candidates) {
                if (request.sends.size() < limit && !request.numbers.contains(number)) {
                    target = request;
                    break;
                }
            }
            if (target == null) {
                target = new OpenRequest();
                candidates.add(target);
                all.add(target);
            }
            target.add(sms);
        }
        return all.stream().map(request -> new SendGroup(request.sends)).toList();
    }

    /** What an SMS request says besides the numbers; sends that agree on all of it can share a request. */
    private record RequestKey(
            long portalId,
            String nrsUsername,
            String nrsApiPassword,
            String sender,
            String text,
            String encoding,
            Integer segments,
            String campaignName,
            int maxParts) {

        static RequestKey of(PreparedSend sms) {
            return new RequestKey(
                    sms.portalId(),
                    sms.nrsUsername(),
                    sms.nrsApiPassword(),
                    sms.sender(),
                    sms.details().text(),
                    sms.details().encoding(),
                    sms.details().segments(),
                    sms.details().campaignName(),
                    sms.maxParts());
        }

        /** Without the password. */
        @Override
        public String toString() {
            return "RequestKey[portalId=" + portalId + ", nrsUsername=" + nrsUsername + ", sender=" + sender + "]";
        }
    }

    private static final class OpenRequest {
        final List<PreparedSend> sends = new ArrayList<>();
        final Set<String> numbers = new HashSet<>();

        OpenRequest() {}

        OpenRequest(PreparedSend single) {
            add(single);
        }

        void add(PreparedSend sms) {
            sends.add(sms);
            numbers.add(sms.details().phone());
        }
    }
}
