package com.nrsconnector.encoding;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the SMS encoding of a text and splits it into parts the way handsets and gateways do.
 *
 * <h2>Encodings and sizes</h2>
 * <ul>
 *   <li>{@link SmsEncoding#GSM7}: default alphabet (1 septet) and extension table {@code FF ^ { } \ [ ~ ] | €}
 *       (2 septets, ESC + code); 160 septets in one part, 153 per part when concatenated.</li>
 *   <li>{@link SmsEncoding#GSM7_PT}: Portuguese national tables (NLI 3). Of the pairs default locking + Portuguese
 *       single shift, Portuguese locking + default extension and Portuguese locking + Portuguese single shift, the
 *       one giving the fewest parts, then the most septets left, wins (as in AOSP). One national table costs
 *       155/149 septets, two cost 152/146.</li>
 *   <li>{@link SmsEncoding#UCS2}: every character costs its UTF-16 length (an extension character such as € costs
 *       1, an emoji 2); 70 units in one part, 67 per part.</li>
 * </ul>
 * Parts are filled greedily; an ESC pair is never split (the part ends one septet short). The empty text is one
 * empty part of 0 units.
 *
 * <h2>Grapheme policy (UCS-2)</h2>
 * Like Twilio's segment calculator and Android ({@code SmsMessageBase.findNextUnicodePosition}), a UCS-2 part never
 * ends inside a grapheme cluster: a flag (regional-indicator pair), an emoji with skin-tone modifier, a ZWJ sequence
 * (👨‍👩‍👧‍👦) or a letter with combining marks moves whole to the next part when it does not fit. So 65 × "á" + 🇵🇹 + "á"
 * gives parts of 65 and 5 units, where split-sms and warthog618/sms would cut the flag between its two regional
 * indicators (67 + 3). A surrogate pair is never split either. Exceptions: CR LF is treated as two characters (as Twilio does), and a cluster longer
 * than a whole part cannot be kept together, so it is broken between code points. Clusters are found with
 * {@code java.util.regex} {@code \X}, which handles emoji sequences on Java 17 (BreakIterator does not).
 *
 * <h2>Choice</h2>
 * {@link EncodingPreference#AUTO}: GSM7 if every character fits, else GSM7_PT if every character fits there and
 * Portuguese is allowed, else UCS2. {@link EncodingPreference#GSM}: GSM7 or UCS2. {@link EncodingPreference#GSM_PT}:
 * GSM7 or GSM7_PT, whichever needs fewer parts (tie: GSM7), else UCS2; without {@code portugueseAllowed} it behaves
 * like GSM. {@link EncodingPreference#UCS2}: always UCS2.
 *
 * <p>With smart replacement, look-alike characters that are not GSM-7 (curly quotes, dashes, NBSP, ...) are first
 * replaced using Twilio's Smart Encoding map, code point by code point. No Unicode normalisation is done: a decomposed
 * é (e + U+0301) stays UCS-2, as in every implementation examined.
 *
 * <p>Stateless and thread-safe; the tables are loaded from the classpath once, on first use.
 */
public final class SmsEncodingAnalyzer {

    /** The most parts 360nrs concatenates into one message. */
    public static final int MAX_PARTS = 5;

    static final int UCS2_SINGLE_PART_UNITS = 70;
    static final int UCS2_MULTIPART_UNITS = 67;

    /** Analyses with {@link EncodingPreference#AUTO}, Portuguese tables allowed, no smart replacement. */
    public SmsAnalysis analyze(String text) {
        return analyze(text, EncodingPreference.AUTO, true, false);
    }

    /**
     * Chooses the encoding and splits the text.
     *
     * @param text              message body; null is treated as empty
     * @param preference        requested encoding; null means {@link EncodingPreference#AUTO}
     * @param portugueseAllowed whether the GSM-PT tables may be used
     * @param smartReplacement  whether look-alike characters are replaced by GSM-7 ones first
     */
    public SmsAnalysis analyze(
            String text, EncodingPreference preference, boolean portugueseAllowed, boolean smartReplacement) {
        String analysed = text == null ? "" : text;
        List<CharacterReplacement> replacements = List.of();
        if (smartReplacement) {
            SmartEncodingMap.Result replaced = SmartEncodingMap.apply(analysed);
            analysed = replaced.text();
            replacements = replaced.replacements();
        }
        Segmentation chosen =
                choose(analysed, preference == null ? EncodingPreference.AUTO : preference, portugueseAllowed);
        return new SmsAnalysis(
                chosen.encoding(),
                chosen.segments(),
                chosen.units(),
                chosen.unitsPerSegment(),
                chosen.parts(),
                nonGsmCharacters(analysed),
                replacements,
                analysed);
    }

    /**
     * A user-facing message when the analysed text needs more than {@link #MAX_PARTS} parts, stating the fewest
     * characters to remove from the end of the text so that it fits in {@link #MAX_PARTS} parts with the same
     * encoding. That number follows the real split (an ESC pair or an emoji cannot straddle parts), so it can exceed
     * the plain unit difference: 383 × "[" (766 septets) needs 3 characters cut, not 1. Characters are code points for
     * GSM, grapheme clusters (what the reader sees as one character) for UCS-2.
     */
    public Optional<String> partLimitViolation(SmsAnalysis a) {
        if (a.segments() <= MAX_PARTS) {
            return Optional.empty();
        }
        int excess = charactersBeyondPartLimit(a.text(), a.encoding());
        return Optional.of("The message needs " + a.segments() + " SMS parts but at most " + MAX_PARTS
                + " are allowed; shorten it by at least " + excess + (excess == 1 ? " character." : " characters."));
    }

    /** How many characters at the end of {@code text} do not fit in {@link #MAX_PARTS} parts of {@code encoding}. */
    static int charactersBeyondPartLimit(String text, SmsEncoding encoding) {
        if (encoding == SmsEncoding.UCS2) {
            List<TextAtom> atoms = GraphemeClusters.ucs2Atoms(text, UCS2_MULTIPART_UNITS);
            return atoms.size() - GreedyPartPacker.atomsFitting(atoms, UCS2_MULTIPART_UNITS, MAX_PARTS);
        }
        List<ShiftTablePair> pairs =
                encoding == SmsEncoding.GSM7 ? List.of(ShiftTablePair.DEFAULT) : ShiftTablePair.PORTUGUESE;
        int longestFittingPrefix = 0;
        for (ShiftTablePair pair : pairs) {
            int fitting =
                    GreedyPartPacker.atomsFitting(pair.encodablePrefix(text), pair.multipartCapacity(), MAX_PARTS);
            longestFittingPrefix = Math.max(longestFittingPrefix, fitting);
        }
        return text.codePointCount(0, text.length()) - longestFittingPrefix;
    }

    private static Segmentation choose(String text, EncodingPreference preference, boolean portugueseAllowed) {
        return switch (preference) {
            case UCS2 -> ucs2(text);
            case GSM -> gsm7(text).orElseGet(() -> ucs2(text));
            case AUTO ->
                gsm7(text)
                        .or(() -> portugueseAllowed ? bestPortuguese(text) : Optional.empty())
                        .orElseGet(() -> ucs2(text));
            case GSM_PT -> {
                Optional<Segmentation> gsm = gsm7(text);
                Optional<Segmentation> portuguese = portugueseAllowed ? bestPortuguese(text) : Optional.empty();
                if (gsm.isPresent() && portuguese.isPresent()) {
                    yield portuguese.get().segments() < gsm.get().segments() ? portuguese.get() : gsm.get();
                }
                yield gsm.or(() -> portuguese).orElseGet(() -> ucs2(text));
            }
        };
    }

    private static Optional<Segmentation> gsm7(String text) {
        return septets(text, SmsEncoding.GSM7, ShiftTablePair.DEFAULT);
    }

    /** The Portuguese table pair with the fewest parts, then the most septets left; earlier pairs win exact ties. */
    private static Optional<Segmentation> bestPortuguese(String text) {
        return ShiftTablePair.PORTUGUESE.stream()
                .map(pair -> septets(text, SmsEncoding.GSM7_PT, pair))
                .flatMap(Optional::stream)
                .min(Comparator.comparingInt(Segmentation::segments)
                        .thenComparing(Comparator.comparingInt(Segmentation::spareUnits)
                                .reversed()));
    }

    private static Optional<Segmentation> septets(String text, SmsEncoding encoding, ShiftTablePair pair) {
        return pair.encode(text)
                .map(atoms -> Segmentation.of(encoding, atoms, pair.singlePartCapacity(), pair.multipartCapacity()));
    }

    private static Segmentation ucs2(String text) {
        return Segmentation.of(
                SmsEncoding.UCS2,
                GraphemeClusters.ucs2Atoms(text, UCS2_MULTIPART_UNITS),
                UCS2_SINGLE_PART_UNITS,
                UCS2_MULTIPART_UNITS);
    }

    /**
     * The distinct characters of {@code text}, in order of first appearance, that no GSM table can carry: neither
     * GSM-7 nor, when allowed, any Portuguese table pair. Each of them on its own makes "auto" choose UCS-2.
     */
    public List<String> ucs2OnlyCharacters(String text, boolean portugueseAllowed) {
        Set<String> found = new LinkedHashSet<>();
        (text == null ? "" : text)
                .codePoints()
                .filter(codePoint -> !GsmTable.isGsm7(codePoint))
                .mapToObj(Character::toString)
                .filter(character -> !portugueseAllowed
                        || ShiftTablePair.PORTUGUESE.stream()
                                .noneMatch(pair -> pair.encode(character).isPresent()))
                .forEach(found::add);
        return List.copyOf(found);
    }

    private static List<String> nonGsmCharacters(String text) {
        Set<String> found = new LinkedHashSet<>();
        text.codePoints()
                .filter(codePoint -> !GsmTable.isGsm7(codePoint))
                .forEach(codePoint -> found.add(Character.toString(codePoint)));
        return List.copyOf(found);
    }
}
