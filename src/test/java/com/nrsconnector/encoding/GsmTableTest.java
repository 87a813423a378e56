package com.nrsconnector.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GsmTableTest {

    @Test
    void tablesHaveTheSizesOf3gppTs23038() {
        assertEquals(127, GsmTable.DEFAULT_ALPHABET.codePoints().size(), "128 cells minus ESC");
        assertEquals(10, GsmTable.DEFAULT_EXTENSION.codePoints().size(), "FF ^ { } \\ [ ~ ] | €");
        assertEquals(127, GsmTable.PORTUGUESE_LOCKING.codePoints().size(), "128 cells minus ESC");
        assertEquals(37, GsmTable.PORTUGUESE_SINGLE_SHIFT.codePoints().size());
    }

    @Test
    void capitalCedillaIsAt0x09NotTheSmallOne() {
        assertTrue(GsmTable.isGsm7('Ç'));
        assertFalse(GsmTable.isGsm7('ç'));
        assertTrue(GsmTable.PORTUGUESE_LOCKING.contains('ç'));
        assertTrue(GsmTable.PORTUGUESE_SINGLE_SHIFT.contains('ç'));
    }

    @Test
    void escapeAndNoBreakSpaceAreNotCharacters() {
        for (GsmTable table : GsmTable.values()) {
            assertFalse(table.contains(0x1B), table.name());
            assertFalse(table.contains(0xA0), table.name());
        }
    }

    @Test
    void portugueseLockingTableHasTheAospCellsWhereOpenHarmonyDiffers() {
        for (char c : new char[] {'ª', '∞', 'º', '~', '`'}) {
            assertTrue(GsmTable.PORTUGUESE_LOCKING.contains(c), String.valueOf(c));
        }
        for (char c : new char[] {
            '¡', '¤', '¿', 'Ä', 'Å', 'Æ', 'Ñ', 'Ö', 'Ø', 'ß', 'ä', 'å', 'æ', 'è', 'ì', 'ñ', 'ò', 'ö', 'ø', 'ù', 'Γ',
            'Θ', 'Λ', 'Ξ', 'Π', 'Σ', 'Φ', 'Ψ', 'Ω'
        }) {
            assertFalse(GsmTable.PORTUGUESE_LOCKING.contains(c), "locking table lacks " + c);
        }
    }

    @Test
    void portugueseSingleShiftAddsAccentsAndGreekCapitals() {
        for (char c : "ÀÁÂÃÊÍÓÔÕÚáâãçêíóôõúΦΓΩΠΨΣΘ€^{}\\[~]|\f".toCharArray()) {
            assertTrue(GsmTable.PORTUGUESE_SINGLE_SHIFT.contains(c), String.valueOf(c));
        }
    }

    @Test
    void userDataHeaderCostGivesTheDocumentedCapacities() {
        assertCapacities(ShiftTablePair.DEFAULT, 160, 153);
        assertCapacities(ShiftTablePair.DEFAULT_LOCKING_PORTUGUESE_SHIFT, 155, 149);
        assertCapacities(ShiftTablePair.PORTUGUESE_LOCKING_DEFAULT_SHIFT, 155, 149);
        assertCapacities(ShiftTablePair.PORTUGUESE_LOCKING_PORTUGUESE_SHIFT, 152, 146);
    }

    @Test
    void septetCostPrefersTheLockingTable() {
        assertEquals(2, ShiftTablePair.DEFAULT.septetCost('€'));
        assertEquals(1, ShiftTablePair.PORTUGUESE_LOCKING_DEFAULT_SHIFT.septetCost('€'));
        assertEquals(2, ShiftTablePair.DEFAULT_LOCKING_PORTUGUESE_SHIFT.septetCost('á'));
        assertEquals(1, ShiftTablePair.PORTUGUESE_LOCKING_PORTUGUESE_SHIFT.septetCost('á'));
        assertEquals(ShiftTablePair.UNENCODABLE, ShiftTablePair.PORTUGUESE_LOCKING_PORTUGUESE_SHIFT.septetCost('ñ'));
    }

    private static void assertCapacities(ShiftTablePair pair, int single, int multi) {
        assertEquals(single, pair.singlePartCapacity(), pair.name());
        assertEquals(multi, pair.multipartCapacity(), pair.name());
    }
}
