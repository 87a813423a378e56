package com.nrsconnector.nrs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryStatusMappingTest {

    private static final Map<String, String> CONFIGURED = Map.of("1", "DELIVERED", "2", "NOT_DELIVERED", "4", "IGNORE");

    @TempDir
    Path dir;

    @Test
    void withoutAFileTheConfiguredCodesApply() {
        DeliveryStatusMapping mapping = new DeliveryStatusMapping(CONFIGURED, dir.resolve("missing.properties"));
        assertEquals("DELIVERED", mapping.map("1"));
        assertEquals("IGNORE", mapping.map(" 4 "));
        assertEquals("UNKNOWN", mapping.map("99"));
        assertEquals("UNKNOWN", mapping.map(null));
    }

    @Test
    void theFileComesFirstAndItsEditsApplyOnTheNextReport() throws Exception {
        Path file = dir.resolve("delivery-status.properties");
        Files.writeString(file, "4=NOT_DELIVERED\n8=DELIVERED\n9=delivered\n", StandardCharsets.UTF_8);
        DeliveryStatusMapping mapping = new DeliveryStatusMapping(CONFIGURED, file);
        assertEquals("NOT_DELIVERED", mapping.map("4"));
        assertEquals("DELIVERED", mapping.map("8"));
        // Statuses are written as the connector names them; anything else is left out.
        assertEquals("UNKNOWN", mapping.map("9"));
        assertEquals("NOT_DELIVERED", mapping.map("2"));

        Files.writeString(file, "8=IGNORE\n", StandardCharsets.UTF_8);
        assertEquals("IGNORE", mapping.map("4"));
        assertEquals("IGNORE", mapping.map("8"));
    }
}
