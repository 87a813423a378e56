package com.nrsconnector.composition;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.config.Urls;
import com.nrsconnector.encoding.EncodingPreference;
import com.nrsconnector.encoding.SmsAnalysis;
import com.nrsconnector.encoding.SmsEncodingAnalyzer;
import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.MessageRecord;
import com.nrsconnector.messaging.SmsSendDetails;
import com.nrsconnector.phone.PhoneNumberResolver;
import com.nrsconnector.phone.PhoneResolution;
import com.nrsconnector.workflow.SendSmsInput;

/**
 * Turns a stored message and its contact into the SMS that goes out: number lookup, contact tokens, UTM parameters
 * and short links on the author's links, unsubscribe link, then encoding and part count on the final text. Contact
 * values are inserted as data: links in them are not rewritten and placeholders in them are not expanded. Anything
 * that makes it unsendable is a reason.
 */
@ApplicationScoped
public class SmsComposer {

    public static final String UNSUBSCRIBE_PLACEHOLDER = "{UNSUB_URL}";

    private final PhoneNumberResolver phones = new PhoneNumberResolver();
    private final MessagePersonalizer personalizer = new MessagePersonalizer();
    private final LinkRewriter links = new LinkRewriter();
    private final SmsEncodingAnalyzer encoder = new SmsEncodingAnalyzer();
    private static final int RECENT_ANALYSES = 256;
    private final Map<String, SmsAnalysis> recentAnalyses = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SmsAnalysis> eldest) {
            return size() > RECENT_ANALYSES;
        }
    };

    @Inject
    ConnectorConfig config;

    @Inject
    ShortLinkIssuer shortLinks;

    private UnsubscribeTokenSigner unsubscribeSigner;

    @jakarta.annotation.PostConstruct
    void init() {
        unsubscribeSigner = new UnsubscribeTokenSigner(config.secrets().signingKey());
    }

    /** The contact properties this message needs: the phone lookup ones and every token in its text. */
    public Set<String> requiredProperties(MessageRecord message) {
        Set<String> names = new LinkedHashSet<>(PhoneNumberResolver.lookupProperties());
        names.addAll(personalizer.referencedProperties(message.template() == null ? "" : message.template()));
        return names;
    }

    public ComposedSms compose(MessageRecord message, Map<String, String> contact, ZoneId portalZone, Instant now) {
        SendSmsInput input = SendSmsInput.from(message.inputFields());
        String campaign = input.campaignName() != null
                ? input.campaignName()
                : CampaignNames.defaultName(Channel.SMS, now, portalZone);
        PhoneResolution phone = phones.resolve(contact, input.country());
        if (!phone.resolved()) {
            return new ComposedSms(new SmsSendDetails(null, null, null, null, campaign), null, phone.failureReason());
        }
        MessagePersonalizer.Rendered rendered = personalizer.personalize(message.template(), contact);
        UtmParameters utm = new UtmParameters(
                input.utmSource(), input.utmMedium(), input.utmCampaign(), input.utmTerm(), input.utmContent());
        Function<String, String> shortener = input.shortenUrls() ? shortLinks.forMessage(message.id()) : null;
        Function<String, String> authoredLink = link -> {
            String tagged = links.addUtmToLink(link, utm);
            return shortener == null ? tagged : shortener.apply(tagged);
        };
        // The unsubscribe link goes into the author's text only (never into a contact's value), after the links
        // are rewritten, so it gets no UTM parameters and is never shortened.
        String text = links.rewriteAuthored(
                rendered,
                authoredLink,
                authored -> authored.contains(UNSUBSCRIBE_PLACEHOLDER)
                        ? authored.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribeUrl(message.id()))
                        : authored);
        if (text.isBlank()) {
            return new ComposedSms(
                    new SmsSendDetails(phone.msisdn(), text, null, 0, campaign),
                    null,
                    "the message is empty once contact tokens are replaced");
        }
        SmsAnalysis analysis = analyze(text);
        SmsSendDetails details = new SmsSendDetails(
                phone.msisdn(), analysis.text(), analysis.encoding().nrsCode(), analysis.segments(), campaign);
        return encoder.partLimitViolation(analysis)
                .map(violation -> new ComposedSms(details, analysis, violation))
                .orElseGet(() -> new ComposedSms(details, analysis, null));
    }

    /**
     * The encoding analysis of a final text. A campaign sends one text to many contacts, so the latest analyses are
     * kept by text (at most {@value #RECENT_ANALYSES}; an analysis is a pure function of the text and the settings).
     */
    private SmsAnalysis analyze(String text) {
        boolean portuguese = config.nrs().portugueseEncodingAllowed();
        String key = (portuguese ? "P" : "-") + text;
        synchronized (recentAnalyses) {
            SmsAnalysis known = recentAnalyses.get(key);
            if (known != null) {
                return known;
            }
        }
        SmsAnalysis analysis = encoder.analyze(text, EncodingPreference.AUTO, portuguese, false);
        synchronized (recentAnalyses) {
            recentAnalyses.put(key, analysis);
        }
        return analysis;
    }

    private String unsubscribeUrl(long messageId) {
        return Urls.join(config.publicBaseUrl(), "/u/" + unsubscribeSigner.sign(messageId));
    }
}
