package com.nrsconnector.encoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A GSM 7-bit locking table combined with the single shift (ESC) table used next to it, and what the pair costs in
 * User Data Header space. A character in the locking table costs 1 septet, one only in the shift table 2 (ESC + code).
 *
 * <p>Each national-language IE (single shift 0x24 or locking shift 0x25) is 3 octets in the UDH; the UDH also has a
 * 1-octet length and, when concatenated, the 5-octet 8-bit-reference concatenation IE. UDH septets are
 * ceil(octets * 8 / 7), giving 160/153 (no national table), 155/149 (one) and 152/146 (both), as in AOSP GsmAlphabet.
 */
enum ShiftTablePair {
    DEFAULT(GsmTable.DEFAULT_ALPHABET, GsmTable.DEFAULT_EXTENSION, 0),
    DEFAULT_LOCKING_PORTUGUESE_SHIFT(GsmTable.DEFAULT_ALPHABET, GsmTable.PORTUGUESE_SINGLE_SHIFT, 1),
    PORTUGUESE_LOCKING_DEFAULT_SHIFT(GsmTable.PORTUGUESE_LOCKING, GsmTable.DEFAULT_EXTENSION, 1),
    PORTUGUESE_LOCKING_PORTUGUESE_SHIFT(GsmTable.PORTUGUESE_LOCKING, GsmTable.PORTUGUESE_SINGLE_SHIFT, 2);

    /** The Portuguese pairs in AOSP's evaluation order, which also settles exact ties. */
    static final List<ShiftTablePair> PORTUGUESE = List.of(
            DEFAULT_LOCKING_PORTUGUESE_SHIFT, PORTUGUESE_LOCKING_DEFAULT_SHIFT, PORTUGUESE_LOCKING_PORTUGUESE_SHIFT);

    static final int SEPTETS_PER_PDU = 160;
    static final int UNENCODABLE = -1;

    private static final int NATIONAL_LANGUAGE_IE_OCTETS = 3;
    private static final int UDH_LENGTH_OCTETS = 1;
    private static final int CONCATENATION_IE_OCTETS = 5;

    private final GsmTable locking;
    private final GsmTable singleShift;
    private final int singlePartCapacity;
    private final int multipartCapacity;

    ShiftTablePair(GsmTable locking, GsmTable singleShift, int nationalLanguageIes) {
        this.locking = locking;
        this.singleShift = singleShift;
        int nationalOctets = nationalLanguageIes * NATIONAL_LANGUAGE_IE_OCTETS;
        int singleUdhOctets = nationalOctets == 0 ? 0 : UDH_LENGTH_OCTETS + nationalOctets;
        int multiUdhOctets = UDH_LENGTH_OCTETS + CONCATENATION_IE_OCTETS + nationalOctets;
        this.singlePartCapacity = SEPTETS_PER_PDU - septetsFor(singleUdhOctets);
        this.multipartCapacity = SEPTETS_PER_PDU - septetsFor(multiUdhOctets);
    }

    private static int septetsFor(int octets) {
        return (octets * 8 + 6) / 7;
    }

    int singlePartCapacity() {
        return singlePartCapacity;
    }

    int multipartCapacity() {
        return multipartCapacity;
    }

    /** 1 for the locking table, 2 for the shift table, {@link #UNENCODABLE} otherwise. */
    int septetCost(int codePoint) {
        if (locking.contains(codePoint)) {
            return 1;
        }
        return singleShift.contains(codePoint) ? 2 : UNENCODABLE;
    }

    /** One atom per code point, or empty when some character is in neither table. */
    Optional<List<TextAtom>> encode(String text) {
        List<TextAtom> atoms = encodablePrefix(text);
        return atoms.size() == text.codePointCount(0, text.length()) ? Optional.of(atoms) : Optional.empty();
    }

    /** Atoms of the longest prefix this pair can encode (stops before the first unencodable character). */
    List<TextAtom> encodablePrefix(String text) {
        List<TextAtom> atoms = new ArrayList<>(text.length());
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int cost = septetCost(codePoint);
            if (cost == UNENCODABLE) {
                break;
            }
            atoms.add(new TextAtom(Character.toString(codePoint), cost));
            i += Character.charCount(codePoint);
        }
        return atoms;
    }
}
