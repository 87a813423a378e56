package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** POST /api/v1/messages/analyze as the send forms and scripts use it. */
@QuarkusTest
class MessageAnalysisApiTest {

    private static ValidatableResponse analyze(Object body) {
        return given().contentType("application/json")
                .body(body)
                .post("/api/v1/messages/analyze")
                .then();
    }

    @Test
    void plainTextIsOneGsmPart() {
        analyze(Map.of("text", "Hello", "encoding", "auto"))
                .statusCode(200)
                .body("encoding", equalTo("GSM7"))
                .body("segments", equalTo(1))
                .body("units", equalTo(5))
                .body("unitsPerSegment", equalTo(160))
                .body("parts", contains("Hello"))
                .body("nonGsmCharacters", hasSize(0))
                .body("error", nullValue());
    }

    @Test
    void extensionCharactersCostTwoSeptetsAndAreNotSplit() {
        String text = "a".repeat(152) + "€" + "a".repeat(152);
        analyze(Map.of("text", text))
                .statusCode(200)
                .body("encoding", equalTo("GSM7"))
                .body("units", equalTo(306))
                .body("segments", equalTo(3))
                .body("unitsPerSegment", equalTo(153));
    }

    @Test
    void portugueseTextIsGsmPtInAutoAndUcs2WhenOnlyGsmIsAllowed() {
        String text = "Olá, você já está na lista";
        analyze(Map.of("text", text))
                .statusCode(200)
                .body("encoding", equalTo("GSM7_PT"))
                .body("unitsPerSegment", equalTo(155))
                .body("nrsEncoding", equalTo("gsm-pt"));
        analyze(Map.of("text", text, "encoding", "gsm"))
                .statusCode(200)
                .body("encoding", equalTo("UCS2"))
                .body("nonGsmCharacters", contains("á", "ê"));
    }

    @Test
    void theCharactersThatForceUcs2AreNamed() {
        analyze(Map.of("text", "Hola, está listo en Łódź"))
                .statusCode(200)
                .body("encoding", equalTo("UCS2"))
                .body("nonGsmCharacters", contains("á", "Ł", "ó", "ź"))
                .body("ucs2Characters", contains("Ł", "ź"));
        analyze(Map.of("text", "Olá, você já está na lista", "encoding", "gsm"))
                .statusCode(200)
                .body("ucs2Characters", contains("á", "ê"));
        analyze(Map.of("text", "Olá", "encoding", "ucs2")).statusCode(200).body("ucs2Characters", nullValue());
        analyze(Map.of("text", "Olá")).statusCode(200).body("ucs2Characters", nullValue());
    }

    @Test
    void forcedUcs2CountsUtf16Units() {
        analyze(Map.of("text", "😀".repeat(35), "encoding", "ucs2"))
                .statusCode(200)
                .body("encoding", equalTo("UCS2"))
                .body("units", equalTo(70))
                .body("segments", equalTo(1));
    }

    @Test
    void sixPartsCarryTheError() {
        analyze(Map.of("text", "a".repeat(766)))
                .statusCode(200)
                .body("segments", equalTo(6))
                .body("error", containsString("at most 5"));
    }

    @Test
    void smartEncodingReportsReplacements() {
        analyze(Map.of("text", "“Hi” — ok", "smartEncoding", true))
                .statusCode(200)
                .body("encoding", equalTo("GSM7"))
                .body("replacements", hasSize(3));
    }

    @Test
    void badJsonIs400() {
        analyze("{oops")
                .statusCode(400)
                .body("field", equalTo("body"))
                .body("message", containsString("not valid JSON"));
    }

    @Test
    void missingTextIs400() {
        analyze(Map.of("encoding", "auto")).statusCode(400).body("field", equalTo("text"));
    }

    @Test
    void unknownEncodingIs400() {
        analyze(Map.of("text", "hi", "encoding", "latin1")).statusCode(400).body("field", equalTo("encoding"));
    }

    @Test
    void textOver10000CharactersIs400() {
        analyze(Map.of("text", "a".repeat(10_001)))
                .statusCode(400)
                .body("field", equalTo("text"))
                .body("message", containsString("at most 10000"));
        analyze(Map.of("text", "😀".repeat(10_001))).statusCode(400).body("field", equalTo("text"));
    }

    @Test
    void textOf10000CharactersIsAnalysed() {
        analyze(Map.of("text", "😀".repeat(10_000)))
                .statusCode(200)
                .body("encoding", equalTo("UCS2"))
                .body("units", equalTo(20_000))
                .body("error", containsString("at most 5"));
    }
}
