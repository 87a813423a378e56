package com.nrsconnector.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Body;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Route step of the JSON endpoints: the body as text, refused with a 400 when it is not valid UTF-8 (as JSON must be). */
@ApplicationScoped
@Named("requestBodies")
@RegisterForReflection
public class RequestBodies {

    /**
     * The body as one JSON object (nothing after it); a 400 naming the body when it is empty, not JSON or not an
     * object. {@code expected} says what the body should have been.
     */
    public static JsonNode jsonObject(ObjectMapper json, String body, String expected) {
        if (body == null || body.isBlank()) {
            throw RequestRejectedException.badRequest("body", "the request body is empty; expected " + expected);
        }
        JsonNode root;
        try {
            root = json.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(body);
        } catch (JsonProcessingException e) {
            throw RequestRejectedException.badRequest(
                    "body", "the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw RequestRejectedException.badRequest("body", "the request body must be a JSON object");
        }
        return root;
    }

    public String utf8(@Body byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw RequestRejectedException.badRequest("body", "the request body is not valid UTF-8");
        }
    }
}
