package com.nrsconnector.nrs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptOutKeywordsTest {

    @TempDir
    Path dir;

    @Test
    void aWholeReplyInAnyCaseWithoutAccentsOrSurroundingPunctuationIsAKeyword() {
        OptOutKeywords keywords = new OptOutKeywords(Map.of("es", "BAJA, PARAR", "en", "STOP"), dir.resolve("none"));
        assertEquals(Optional.of("BAJA"), keywords.match(" baja. "));
        assertEquals(Optional.of("BAJA"), keywords.match("¡Bája!"));
        assertEquals(Optional.of("PARAR"), keywords.match("Parar"));
        assertEquals(Optional.of("STOP"), keywords.match("STOP\n"));
        assertEquals(Optional.empty(), keywords.match("No me des de baja"));
        assertEquals(Optional.empty(), keywords.match("stopped"));
        assertEquals(Optional.empty(), keywords.match("..."));
        assertEquals(Optional.empty(), keywords.match(null));
    }

    @Test
    void theFileReplacesALanguageAndIsReadAgainWhenItChanges() throws IOException {
        Path file = dir.resolve("opt-out-keywords.properties");
        OptOutKeywords keywords = new OptOutKeywords(Map.of("es", "BAJA", "en", "STOP"), file);
        Files.writeString(file, "es=ANULAR\n");
        assertEquals(Optional.empty(), keywords.match("baja"));
        assertEquals(Optional.of("ANULAR"), keywords.match("anular"));
        assertEquals(Optional.of("STOP"), keywords.match("stop"));
        Files.writeString(file, "es=BAJA,ANULAR\npt=SAIR\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals(Optional.of("BAJA"), keywords.match("Baja"));
        assertEquals(Optional.of("SAIR"), keywords.match("sair"));
    }
}
