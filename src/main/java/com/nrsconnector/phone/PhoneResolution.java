package com.nrsconnector.phone;

/**
 * Outcome of resolving a contact's phone number: either a sendable number or the reason there is none.
 *
 * @param resolved       true when {@code msisdn} can be sent to
 * @param msisdn         digits with country code and no '+', as 360nrs expects (e.g. 34612345678)
 * @param e164           the same number in E.164 form (e.g. +34612345678)
 * @param sourceProperty the contact property the number was read from; on failure, the one that held the bad number
 * @param region         ISO 3166 region of the number as libphonenumber sees it ("001" for non-geographic numbers)
 * @param failureReason  why no number could be resolved; null on success
 */
public record PhoneResolution(
        boolean resolved, String msisdn, String e164, String sourceProperty, String region, String failureReason) {

    public static PhoneResolution ok(String e164, String sourceProperty, String region) {
        if (e164 == null || !e164.startsWith("+")) {
            throw new IllegalArgumentException("E.164 number expected, got " + e164);
        }
        return new PhoneResolution(true, e164.substring(1), e164, sourceProperty, region, null);
    }

    public static PhoneResolution failed(String reason) {
        return failed(reason, null);
    }

    /** A failure that still says which property held the unusable number, for the NOT_SENT event. */
    public static PhoneResolution failed(String reason, String sourceProperty) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a failure needs a reason");
        }
        return new PhoneResolution(false, null, null, sourceProperty, null, reason);
    }
}
