package com.nrsconnector.encoding;

import java.util.ArrayList;
import java.util.List;

/**
 * Fills SMS parts front to back, moving an atom to the next part when it does not fit whole in the current one. This
 * is what handsets and gateways do, so the part count is not always ceil(units / capacity).
 */
final class GreedyPartPacker {

    private GreedyPartPacker() {}

    static int totalCost(List<TextAtom> atoms) {
        int total = 0;
        for (TextAtom atom : atoms) {
            total += atom.cost();
        }
        return total;
    }

    /**
     * The parts of a message: a single part (without concatenation header) when everything fits in
     * {@code singlePartCapacity}, otherwise greedy parts of at most {@code multipartCapacity}. The empty message is
     * one empty part.
     */
    static List<String> split(List<TextAtom> atoms, int singlePartCapacity, int multipartCapacity) {
        if (totalCost(atoms) <= singlePartCapacity) {
            return List.of(concat(atoms, 0, atoms.size()));
        }
        List<String> parts = new ArrayList<>();
        int partStart = 0;
        int used = 0;
        for (int i = 0; i < atoms.size(); i++) {
            int cost = atoms.get(i).cost();
            // "i > partStart": an atom bigger than a part (cannot happen with the atoms built here) still goes
            // somewhere.
            if (used + cost > multipartCapacity && i > partStart) {
                parts.add(concat(atoms, partStart, i));
                partStart = i;
                used = 0;
            }
            used += cost;
        }
        parts.add(concat(atoms, partStart, atoms.size()));
        return parts;
    }

    /** How many leading atoms fit in {@code maxParts} parts of {@code multipartCapacity} each. */
    static int atomsFitting(List<TextAtom> atoms, int multipartCapacity, int maxParts) {
        int part = 1;
        int used = 0;
        for (int i = 0; i < atoms.size(); i++) {
            int cost = atoms.get(i).cost();
            if (used + cost > multipartCapacity) {
                part++;
                used = 0;
                if (part > maxParts) {
                    return i;
                }
            }
            used += cost;
        }
        return atoms.size();
    }

    private static String concat(List<TextAtom> atoms, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(atoms.get(i).text());
        }
        return sb.toString();
    }
}
