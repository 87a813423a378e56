package com.nrsconnector.composition;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.encoding.EncodingPreference;
import com.nrsconnector.encoding.SmsAnalysis;
import com.nrsconnector.encoding.SmsEncoding;
import com.nrsconnector.encoding.SmsEncodingAnalyzer;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * POST /api/v1/messages/analyze: encoding, parts and units of a text, counted exactly as a send counts it ("auto" is
 * the choice a send makes for this connector's 360nrs account).
 */
@ApplicationScoped
@Named("messageAnalysisService")
@RegisterForReflection
public class MessageAnalysisService {

    /** Far beyond any sendable SMS; bounds the work one request can ask for. */
    static final int MAX_TEXT = 10_000;

    private final SmsEncodingAnalyzer analyzer = new SmsEncodingAnalyzer();

    @Inject
    ObjectMapper json;

    @Inject
    ConnectorConfig config;

    /** Route step: the analysis of the posted text, as the JSON answer's fields. */
    public Map<String, Object> analyze(@Body String request) {
        JsonNode body;
        try {
            String text = request;
            body = text == null || text.isBlank() ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw RequestRejectedException.badRequest(
                    "body", "the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw RequestRejectedException.badRequest(
                    "body", "the request body must be a JSON object like {\"text\": \"...\", \"encoding\": \"auto\"}");
        }
        JsonNode text = body.get("text");
        if (text == null || !text.isTextual()) {
            throw RequestRejectedException.badRequest("text", "text is required and must be a string");
        }
        int length = text.asText().codePointCount(0, text.asText().length());
        if (length > MAX_TEXT) {
            throw RequestRejectedException.badRequest(
                    "text",
                    "text is " + length + " characters long; at most " + MAX_TEXT
                            + " are analysed (an SMS of 5 parts holds at most 765)");
        }
        EncodingPreference preference;
        try {
            JsonNode encoding = body.get("encoding");
            if (encoding != null && !encoding.isNull() && !encoding.isTextual()) {
                throw new IllegalArgumentException("encoding must be a string: auto, gsm, gsm-pt or ucs2");
            }
            preference = EncodingPreference.parse(encoding == null || encoding.isNull() ? null : encoding.asText());
        } catch (IllegalArgumentException e) {
            throw RequestRejectedException.badRequest("encoding", e.getMessage());
        }
        JsonNode smart = body.get("smartEncoding");
        if (smart != null && !smart.isNull() && !smart.isBoolean()) {
            throw RequestRejectedException.badRequest("smartEncoding", "smartEncoding must be true or false");
        }
        SmsAnalysis analysis = analyzer.analyze(
                text.asText(),
                preference,
                config.nrs().portugueseEncodingAllowed(),
                smart != null && smart.asBoolean(false));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("encoding", analysis.encoding().name());
        answer.put("segments", analysis.segments());
        answer.put("units", analysis.units());
        answer.put("unitsPerSegment", analysis.unitsPerSegment());
        answer.put("parts", analysis.parts());
        answer.put("nonGsmCharacters", analysis.nonGsmCharacters());
        if (analysis.encoding() == SmsEncoding.UCS2 && preference != EncodingPreference.UCS2) {
            // The characters that force UCS-2 (the tables this request allowed cannot carry them).
            answer.put(
                    "ucs2Characters",
                    analyzer.ucs2OnlyCharacters(
                            analysis.text(),
                            config.nrs().portugueseEncodingAllowed() && preference != EncodingPreference.GSM));
        }
        answer.put("nrsEncoding", analysis.encoding().nrsCode());
        if (!analysis.replacements().isEmpty()) {
            answer.put("replacements", analysis.replacements());
            answer.put("text", analysis.text());
        }
        analyzer.partLimitViolation(analysis).ifPresent(error -> answer.put("error", error));
        return answer;
    }
}
