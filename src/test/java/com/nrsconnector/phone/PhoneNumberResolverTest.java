package com.nrsconnector.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberResolverTest {

    private static final String NO_NUMBER =
            "contact has no phone number (checked mobile_phone_360nrs, mobilephone, phone)";

    private final PhoneNumberResolver resolver = new PhoneNumberResolver();

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private PhoneResolution resolveMobile(String number, String country) {
        return resolver.resolve(props("mobilephone", number), country);
    }

    private static void assertResolved(PhoneResolution result, String msisdn) {
        assertTrue(result.resolved(), () -> "expected " + msisdn + " but failed: " + result.failureReason());
        assertEquals(msisdn, result.msisdn());
        assertEquals("+" + msisdn, result.e164());
        assertNull(result.failureReason());
    }

    private static void assertFailed(PhoneResolution result, String reason) {
        assertFalse(result.resolved(), () -> "expected failure but resolved " + result.msisdn());
        assertEquals(reason, result.failureReason());
        assertNull(result.msisdn());
        assertNull(result.e164());
    }

    @Test
    void lookupPropertiesAreTheThreeNumberPropertiesAndThePrefix() {
        assertEquals(
                List.of("mobile_phone_360nrs", "mobilephone", "phone", "mobile_prefix_360nrs"),
                PhoneNumberResolver.lookupProperties());
        assertEquals(List.of("work_phone", "mobile_prefix_360nrs"), PhoneNumberResolver.lookupProperties("work_phone"));
    }

    @Nested
    class PropertyPrecedence {

        @Test
        void mobilePhone360nrsWinsOverTheOthers() {
            var result = resolver.resolve(
                    props("mobile_phone_360nrs", "612345678", "mobilephone", "622222222", "phone", "633333333"), "ES");
            assertResolved(result, "34612345678");
            assertEquals("mobile_phone_360nrs", result.sourceProperty());
        }

        @Test
        void mobilephoneIsUsedWhen360nrsPropertyIsBlank() {
            var result = resolver.resolve(
                    props("mobile_phone_360nrs", "  ", "mobilephone", "622222222", "phone", "633333333"), "ES");
            assertResolved(result, "34622222222");
            assertEquals("mobilephone", result.sourceProperty());
        }

        @Test
        void phoneIsTheLastResort() {
            var result =
                    resolver.resolve(props("mobile_phone_360nrs", null, "mobilephone", "", "phone", "633333333"), "ES");
            assertResolved(result, "34633333333");
            assertEquals("phone", result.sourceProperty());
        }

        @Test
        void anInvalidHigherPriorityNumberIsReportedNotSkipped() {
            // Falling through to another property would send to a number the contact did not choose for SMS.
            var result = resolver.resolve(props("mobile_phone_360nrs", "12", "phone", "612345678"), "ES");
            assertFailed(result, "invalid phone number");
            assertEquals("mobile_phone_360nrs", result.sourceProperty());
        }

        @Test
        void voiceActionReadsOnlyItsChosenProperty() {
            var result = resolver.resolveFromProperty(
                    props("mobilephone", "612345678", "work_phone", "912345678"), "work_phone", "ES");
            assertResolved(result, "34912345678");
            assertEquals("work_phone", result.sourceProperty());
        }

        @Test
        void voiceActionWithEmptyPropertyNamesItInTheReason() {
            var result = resolver.resolveFromProperty(props("mobilephone", "612345678"), "work_phone", "ES");
            assertFailed(result, "contact has no phone number (checked work_phone)");
        }

        @Test
        void voiceActionNeedsAPropertyName() {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> resolver.resolveFromProperty(props("phone", "612345678"), " ", "ES"));
        }
    }

    @Nested
    class Spain {

        @ParameterizedTest
        @CsvSource({
            "612345678, 34612345678",
            "712345678, 34712345678",
            "612 34 56 78, 34612345678",
            "612-345-678, 34612345678",
            "612.345.678, 34612345678",
            "(612) 345 678, 34612345678",
            "912345678, 34912345678",
        })
        void nationalNumbersGetTheCountryCode(String number, String msisdn) {
            var result = resolveMobile(number, "ES");
            assertResolved(result, msisdn);
            assertEquals("ES", result.region());
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "+34612345678",
                    "+34 612 34 56 78",
                    "0034612345678",
                    "0034 612-345-678",
                    "34612345678",
                    "34 612 345 678",
                    "(+34) 612345678",
                    "+34\u00A0612\u00A0345\u00A0678"
                })
        void numbersCarryingTheCountryCodeKeepIt(String number) {
            assertResolved(resolveMobile(number, "ES"), "34612345678");
        }

        @Test
        void lowercaseAndPaddedCountryCodesAreAccepted() {
            assertResolved(resolveMobile("612345678", " es "), "34612345678");
        }
    }

    @Nested
    class Portugal {

        @ParameterizedTest
        @ValueSource(strings = {"912345678", "912 345 678", "351912345678", "+351912345678", "00351912345678"})
        void portugueseMobile(String number) {
            var result = resolveMobile(number, "PT");
            assertResolved(result, "351912345678");
            assertEquals("PT", result.region());
        }

        @Test
        void portugueseNumberWithItsCodeInASpanishWorkflow() {
            assertResolved(resolveMobile("351912345678", "ES"), "351912345678");
        }
    }

    @Nested
    class UnitedKingdomAndUnitedStates {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "07400 123456",
                    "7400123456",
                    "447400123456",
                    "+44 7400 123456",
                    "+44 (0)7400 123456",
                    "0044 7400 123456"
                })
        void ukMobile(String number) {
            var result = resolveMobile(number, "GB");
            assertResolved(result, "447400123456");
            assertEquals("GB", result.region());
        }

        @Test
        void ukIsAcceptedAsAnAliasForGb() {
            assertResolved(resolveMobile("07400 123456", "UK"), "447400123456");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "(201) 555-0123",
                    "201-555-0123",
                    "201.555.0123",
                    "1 201 555 0123",
                    "+1 (201) 555-0123",
                    "12015550123"
                })
        void usNumber(String number) {
            var result = resolveMobile(number, "US");
            assertResolved(result, "12015550123");
            assertEquals("US", result.region());
        }

        @Test
        void usInternationalDiallingPrefixIsUnderstoodInTheUs() {
            assertResolved(resolveMobile("011 34 612 345 678", "US"), "34612345678");
        }

        @Test
        void internationalNumbersIgnoreTheDestinationCountry() {
            assertResolved(resolveMobile("+447400123456", "ES"), "447400123456");
            assertResolved(resolveMobile("+1 201 555 0123", "PT"), "12015550123");
        }

        @Test
        void foreignNumberWithCodeButWithoutPlusIsKept() {
            assertResolved(resolveMobile("447400123456", "ES"), "447400123456");
        }
    }

    @Nested
    class MobilePrefixProperty {

        @ParameterizedTest
        @ValueSource(strings = {"34", "+34", "0034", " 34 ", "(+34)", "034"})
        void prefixFormsAreAllUnderstood(String prefix) {
            var result = resolver.resolve(props("mobilephone", "612345678", "mobile_prefix_360nrs", prefix), null);
            assertResolved(result, "34612345678");
        }

        @ParameterizedTest
        @ValueSource(strings = {"351", "+351", "00351", " 351 "})
        void portuguesePrefixForms(String prefix) {
            var result = resolver.resolve(props("mobilephone", "912345678", "mobile_prefix_360nrs", prefix), null);
            assertResolved(result, "351912345678");
        }

        @Test
        void prefixWinsOverTheDestinationCountry() {
            // 912345678 is valid in both countries (Madrid landline / Portuguese mobile): the contact's prefix decides.
            var result = resolver.resolve(props("mobilephone", "912345678", "mobile_prefix_360nrs", "351"), "ES");
            assertResolved(result, "351912345678");
        }

        @Test
        void prefixIsNotAddedToANumberThatAlreadyHasOne() {
            var result = resolver.resolve(props("mobilephone", "+34612345678", "mobile_prefix_360nrs", "351"), "PT");
            assertResolved(result, "34612345678");
        }

        @Test
        void prefixIsNotDoubledWhenTheDigitsAlreadyStartWithIt() {
            var result = resolver.resolve(props("mobilephone", "34612345678", "mobile_prefix_360nrs", "+34"), null);
            assertResolved(result, "34612345678");
        }

        @Test
        void usPrefixOne() {
            var result = resolver.resolve(props("phone", "201 555 0123", "mobile_prefix_360nrs", "+1"), "ES");
            assertResolved(result, "12015550123");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Spain", "999", "+", "3 4 5 6", "800"})
        void unusablePrefixFailsTheContact(String prefix) {
            var result = resolver.resolve(props("mobilephone", "612345678", "mobile_prefix_360nrs", prefix), "ES");
            assertFailed(result, "invalid mobile_prefix_360nrs \"" + prefix.strip() + "\"");
            assertEquals("mobilephone", result.sourceProperty());
        }

        @Test
        void unusablePrefixIsIrrelevantForAnInternationalNumber() {
            var result = resolver.resolve(props("mobilephone", "+34612345678", "mobile_prefix_360nrs", "Spain"), null);
            assertResolved(result, "34612345678");
        }

        @Test
        void blankPrefixFallsBackToTheCountry() {
            var result = resolver.resolve(props("mobilephone", "612345678", "mobile_prefix_360nrs", "  "), "ES");
            assertResolved(result, "34612345678");
        }
    }

    @Nested
    class AmbiguousDigits {

        @Test
        void withoutCountryOrPrefixTheDigitsMustAlreadyCarryTheCountryCode() {
            assertResolved(resolveMobile("34612345678", null), "34612345678");
            assertResolved(resolveMobile("351912345678", " "), "351912345678");
            assertFailed(resolveMobile("612345678", null), "invalid phone number");
        }

        @Test
        void nationalReadingWinsWhenTheDigitsDoNotStartWithTheCountryCode() {
            // 912345678 in PT is a mobile; read internationally it would be +91 2345678 (India), invalid anyway.
            assertResolved(resolveMobile("912345678", "PT"), "351912345678");
        }

        @Test
        void internationalReadingWinsWhenBothAreValidAndTheDigitsStartWithTheCountryCode() {
            // Valid as a German national landline (+49 4915123456789) and as +49 151 23456789 (mobile).
            assertResolved(resolveMobile("4915123456789", "DE"), "4915123456789");
        }

        @Test
        void germanNationalFormWithTrunkZeroIsNeverAmbiguous() {
            assertResolved(resolveMobile("0151 23456789", "DE"), "4915123456789");
            assertResolved(resolveMobile("0151/23456789", "DE"), "4915123456789");
        }
    }

    @Nested
    class Failures {

        @Test
        void noPropertiesAtAll() {
            assertFailed(resolver.resolve(Map.of(), "ES"), NO_NUMBER);
            assertFailed(resolver.resolve(null, "ES"), NO_NUMBER);
        }

        @Test
        void onlyBlankProperties() {
            var result = resolver.resolve(props("mobile_phone_360nrs", " ", "mobilephone", "", "phone", null), "ES");
            assertFailed(result, NO_NUMBER);
            assertNull(result.sourceProperty());
        }

        @Test
        void prefixAloneIsNotANumber() {
            assertFailed(resolver.resolve(props("mobile_prefix_360nrs", "34"), "ES"), NO_NUMBER);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "abc",
                    "12",
                    "6123",
                    "61234567890123456789",
                    "612345678 ext 12",
                    "+",
                    "00",
                    "+34 612 345 67",
                    "612+345678",
                    "1-800-FLOWERS",
                    "----",
                    "+3400612345678"
                })
        void unparseableOrInvalidNumbers(String number) {
            var result = resolveMobile(number, "ES");
            assertFailed(result, "invalid phone number");
            assertEquals("mobilephone", result.sourceProperty());
        }

        @Test
        void nationalNumberOfAnotherCountryIsInvalid() {
            // A Spanish mobile is not a valid UK number and carries no country code.
            assertFailed(resolveMobile("612345678", "GB"), "invalid phone number");
        }

        @ParameterizedTest
        @ValueSource(strings = {"XX", "ESP", "Spain", "E", "ZZ"})
        void unknownDestinationCountry(String country) {
            assertFailed(resolveMobile("612345678", country), "unknown destination country " + country);
        }

        @Test
        void unknownCountryIsReportedEvenForInternationalNumbers() {
            // A misconfigured action fails consistently instead of reaching only some contacts.
            assertFailed(resolveMobile("+34612345678", "XX"), "unknown destination country XX");
        }

        @Test
        void missingNumberIsReportedBeforeABadCountry() {
            assertFailed(resolver.resolve(Map.of(), "XX"), NO_NUMBER);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  "})
        void noCountryIsNotAnError(String country) {
            assertResolved(resolveMobile("+34612345678", country), "34612345678");
        }
    }

    @Nested
    class ResolutionRecord {

        @Test
        void okDerivesTheMsisdnFromE164() {
            var ok = PhoneResolution.ok("+34612345678", "phone", "ES");
            assertTrue(ok.resolved());
            assertEquals("34612345678", ok.msisdn());
            assertEquals("phone", ok.sourceProperty());
            assertEquals("ES", ok.region());
        }

        @Test
        void okNeedsE164() {
            assertThrows(IllegalArgumentException.class, () -> PhoneResolution.ok("34612345678", "phone", "ES"));
        }

        @Test
        void failedNeedsAReason() {
            assertThrows(IllegalArgumentException.class, () -> PhoneResolution.failed(" "));
            var failed = PhoneResolution.failed("why");
            assertFalse(failed.resolved());
            assertNull(failed.sourceProperty());
            assertNull(failed.region());
        }
    }
}
