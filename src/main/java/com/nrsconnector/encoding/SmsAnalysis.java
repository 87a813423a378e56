package com.nrsconnector.encoding;

import java.util.List;
import java.util.Objects;

/**
 * How a text will travel as SMS.
 *
 * @param encoding          encoding chosen for the whole message
 * @param segments          number of SMS parts (1 for the empty text)
 * @param units             septets for GSM7 / GSM7_PT (an escaped character costs 2), UTF-16 code units for UCS2
 * @param unitsPerSegment   capacity of one part in the same units: the single-part figure (160, 155, 152, 70) when
 *                          {@code segments == 1}, the multipart figure (153, 149, 146, 67) otherwise
 * @param parts             the text of each part, exactly as split; their concatenation is {@code text}
 * @param nonGsmCharacters  distinct characters outside the GSM-7 default alphabet and extension table, in order of
 *                          first appearance (a surrogate pair is one entry)
 * @param replacements      look-alike substitutions made before analysis (empty unless smart replacement was on)
 * @param text              the text analysed, after any replacement
 */
public record SmsAnalysis(
        SmsEncoding encoding,
        int segments,
        int units,
        int unitsPerSegment,
        List<String> parts,
        List<String> nonGsmCharacters,
        List<CharacterReplacement> replacements,
        String text) {

    public SmsAnalysis {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(text, "text");
        parts = List.copyOf(parts);
        nonGsmCharacters = List.copyOf(nonGsmCharacters);
        replacements = List.copyOf(replacements);
    }
}
