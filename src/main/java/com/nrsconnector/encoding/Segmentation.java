package com.nrsconnector.encoding;

import java.util.List;

/** A message laid out in one encoding: its size and its parts. */
record Segmentation(
        SmsEncoding encoding, int units, int singlePartCapacity, int multipartCapacity, List<String> parts) {

    Segmentation {
        parts = List.copyOf(parts);
    }

    static Segmentation of(SmsEncoding encoding, List<TextAtom> atoms, int singlePartCapacity, int multipartCapacity) {
        return new Segmentation(
                encoding,
                GreedyPartPacker.totalCost(atoms),
                singlePartCapacity,
                multipartCapacity,
                GreedyPartPacker.split(atoms, singlePartCapacity, multipartCapacity));
    }

    int segments() {
        return parts.size();
    }

    /** The capacity per part in force: single-part figure for one part, multipart figure otherwise. */
    int unitsPerSegment() {
        return segments() == 1 ? singlePartCapacity : multipartCapacity;
    }

    /** Units still free over all parts; AOSP's tie-break between table pairs needing the same number of parts. */
    int spareUnits() {
        return segments() * unitsPerSegment() - units;
    }
}
