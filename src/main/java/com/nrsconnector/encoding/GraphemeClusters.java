package com.nrsconnector.encoding;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into the atoms a UCS-2 message is cut between.
 *
 * <p>Uses {@code java.util.regex} {@code \X} (Unicode extended grapheme clusters), which on Java 17 keeps flags
 * (regional-indicator pairs), skin-tone modifiers, ZWJ sequences and combining marks together;
 * {@code java.text.BreakIterator} does not on this JDK (it splits 👍🏽 and family emoji), so it is not used.
 * Like Twilio's calculator, CR LF is two atoms rather than one cluster. A cluster longer than a whole part
 * (e.g. a long run of combining marks) cannot be kept together, so it is broken between code points, which still
 * never splits a surrogate pair.
 */
final class GraphemeClusters {

    private static final Pattern CLUSTER = Pattern.compile("\\X");

    private GraphemeClusters() {}

    /** Extended grapheme clusters of {@code text}, with CR LF split into CR and LF. */
    static List<String> of(String text) {
        List<String> clusters = new ArrayList<>();
        Matcher matcher = CLUSTER.matcher(text);
        while (matcher.find()) {
            String cluster = matcher.group();
            if (cluster.equals("\r\n")) {
                clusters.add("\r");
                clusters.add("\n");
            } else {
                clusters.add(cluster);
            }
        }
        return clusters;
    }

    /** UCS-2 atoms costed in UTF-16 code units; clusters longer than {@code maxAtomUnits} fall apart into code points. */
    static List<TextAtom> ucs2Atoms(String text, int maxAtomUnits) {
        List<TextAtom> atoms = new ArrayList<>(text.length());
        for (String cluster : of(text)) {
            if (cluster.length() <= maxAtomUnits) {
                atoms.add(new TextAtom(cluster, cluster.length()));
            } else {
                cluster.codePoints()
                        .forEach(cp -> atoms.add(new TextAtom(Character.toString(cp), Character.charCount(cp))));
            }
        }
        return atoms;
    }
}
