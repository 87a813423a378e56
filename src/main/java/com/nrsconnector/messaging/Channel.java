package com.nrsconnector.messaging;

/** The 360nrs channel a campaign sends on; its name appears in default campaign names. */
public enum Channel {
    SMS,
    VOICE
}
