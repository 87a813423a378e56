package com.nrsconnector.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Body;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** Route step of the JSON endpoints: the body as text, refused with a 400 when it is not valid UTF-8 (as JSON must be). */
@ApplicationScoped
@Named("requestBodies")
@RegisterForReflection
public class RequestBodies {

    public String utf8(@Body byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw RequestRejectedException.badRequest("body", "the request body is not valid UTF-8");
        }
    }
}
