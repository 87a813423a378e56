package com.nrsconnector.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FormFieldsTest {

    @Test
    void fieldsAreDecoded() {
        assertEquals(
                Map.of("apiUser", "ana garcía", "csrf", "a+b"), FormFields.read("apiUser=ana+garc%C3%ADa&csrf=a%2Bb"));
        assertEquals(Map.of(), FormFields.read(""));
    }

    @Test
    void unreadableFormsAnswerNull() {
        assertNull(FormFields.read("a=1&a=2"), "a field sent twice");
        assertNull(FormFields.read("a=%zz"), "a malformed escape");
        assertNull(FormFields.read("a=" + "x".repeat(FormFields.MAX_FIELD_LENGTH + 1)));
        assertNull(FormFields.read("a=1&".repeat(FormFields.MAX_FIELDS + 1)));
    }

    @Test
    void decodedFormsAreCheckedToo() {
        assertEquals(Map.of("csrf", "t"), FormFields.read(Map.<String, Object>of("csrf", "t")));
        assertNull(FormFields.read(Map.<String, Object>of("csrf", List.of("a", "b"))), "a field sent twice");
        assertNull(FormFields.read(Map.<String, Object>of("a", "x".repeat(FormFields.MAX_FIELD_LENGTH + 1))));
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i <= FormFields.MAX_FIELDS; i++) {
            many.put("f" + i, "v");
        }
        assertNull(FormFields.read(many));
        assertNull(FormFields.read((Map<String, Object>) null));
    }
}
