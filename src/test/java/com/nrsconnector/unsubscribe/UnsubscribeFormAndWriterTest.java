package com.nrsconnector.unsubscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The confirmation form field, and the contacts batch-update input an opt-out becomes. */
class UnsubscribeFormAndWriterTest {

    @Test
    void confirmFieldIsReadFromAFormBody() {
        assertEquals("abc-_1", UnsubscribePage.formField("confirm=abc-_1", "confirm"));
        assertEquals("a b", UnsubscribePage.formField("x=1&confirm=a+b&y=2", "confirm"));
        assertEquals("", UnsubscribePage.formField("confirm", "confirm"));
        assertNull(UnsubscribePage.formField("confirmation=x", "confirm"));
        assertNull(UnsubscribePage.formField(null, "confirm"));
        assertNull(UnsubscribePage.formField("confirm=%zz", "confirm"));
        assertNull(UnsubscribePage.formField("confirm=" + "a".repeat(5000), "confirm"));
    }

    @Test
    void contactUpdateSetsThePropertyToTrue() {
        assertEquals(
                Map.of("id", "1001", "properties", Map.of("sms_opt_out_360nrs", "true")),
                ContactOptOutWriter.input("1001", "sms_opt_out_360nrs"));
    }
}
