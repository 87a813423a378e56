package com.nrsconnector.encoding;

/**
 * A piece of text that must never be split across SMS parts (one GSM character with its ESC, or one UCS-2 grapheme
 * cluster), with its cost in the units of the encoding (septets or UTF-16 code units).
 */
record TextAtom(String text, int cost) {}
