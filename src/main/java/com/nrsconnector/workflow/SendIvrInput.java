package com.nrsconnector.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The input fields of "Send Voice Interactive Message through 360NRS": a voice call ({@link SendVoiceInput}) plus,
 * per keypad key K in 0-9, {@code key<K>Action} with {@code key<K>Value} (the number to transfer to, the SMS text, or
 * the text / audio URL to play) and {@code key<K>Sender} for an SMS, and the prompt for a wrong key
 * ({@code wrongKeyText} or {@code wrongKeyAudioUrl}).
 */
public record SendIvrInput(SendVoiceInput voice, List<Key> keys, String wrongKeyText, String wrongKeyAudioUrl) {

    public static final String WRONG_KEY_TEXT = "wrongKeyText";
    public static final String WRONG_KEY_AUDIO_URL = "wrongKeyAudioUrl";

    /** What pressing a key does. */
    public enum KeyAction {
        NONE,
        TRANSFER,
        SMS,
        UNSUBSCRIBE,
        REPEAT,
        PLAY,
        HANGUP
    }

    /** One key with an action (keys whose action is NONE are left out). */
    public record Key(int digit, KeyAction action, String value, String sender) {}

    public static String actionField(int digit) {
        return "key" + digit + "Action";
    }

    public static String valueField(int digit) {
        return "key" + digit + "Value";
    }

    public static String senderField(int digit) {
        return "key" + digit + "Sender";
    }

    /** Reads validated fields (see WorkflowActionParser#parseSendIvr). */
    public static SendIvrInput from(Map<String, String> fields) {
        List<Key> keys = new ArrayList<>();
        for (int digit = 0; digit <= 9; digit++) {
            KeyAction action = action(fields.get(actionField(digit))).orElse(KeyAction.NONE);
            if (action != KeyAction.NONE) {
                keys.add(new Key(
                        digit,
                        action,
                        blankToNull(fields.get(valueField(digit))),
                        blankToNull(fields.get(senderField(digit)))));
            }
        }
        return new SendIvrInput(
                SendVoiceInput.from(fields),
                List.copyOf(keys),
                blankToNull(fields.get(WRONG_KEY_TEXT)),
                blankToNull(fields.get(WRONG_KEY_AUDIO_URL)));
    }

    public Optional<Key> key(int digit) {
        return keys.stream().filter(k -> k.digit() == digit).findFirst();
    }

    /** The action a field names, empty for none; an unknown name is empty too (the parser refuses it first). */
    static Optional<KeyAction> action(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyAction.valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
