package com.nrsconnector.phone;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Turns a contact's phone properties into the number 360nrs expects (digits with country code, no '+').
 *
 * <p>Order of decisions:
 * <ol>
 *   <li>Number: first non-blank of {@code mobile_phone_360nrs}, {@code mobilephone}, {@code phone}
 *       (or the single property a voice action names).</li>
 *   <li>A number written with '+' or '00' is international and kept as it is: prefix property and destination
 *       country are ignored for it.</li>
 *   <li>Otherwise {@code mobile_prefix_360nrs}, when set, gives the country; else the destination country does;
 *       with neither, the digits must already start with a country code.</li>
 *   <li>Digits without '+' are read both nationally (in that country) and internationally (as if '+' were in
 *       front). The national reading wins, except when the digits begin with that country's own calling code and
 *       both readings are valid (e.g. DE "4915123456789" is a valid, if odd, national landline and a valid
 *       +49 151 mobile): people typing the country code without '+' are far more common than national numbers
 *       that happen to begin with it, so the international reading wins that tie. A national number written
 *       with its trunk '0' never collides, because no calling code starts with 0.</li>
 *   <li>The result must pass {@code isValidNumber}.</li>
 * </ol>
 *
 * <p>The destination country is checked before the number whenever the contact has a number, even one that
 * carries its own prefix: a misconfigured action then fails the same way for every contact instead of
 * sending to an arbitrary subset. An unusable {@code mobile_prefix_360nrs} fails the contact (it is explicit
 * contact data; silently falling back to the workflow country could send to the wrong country), but only when
 * the prefix is actually needed.
 *
 * <p>Thread-safe and stateless.
 */
public final class PhoneNumberResolver {

    public static final String MOBILE_PHONE_360NRS = "mobile_phone_360nrs";
    public static final String MOBILEPHONE = "mobilephone";
    public static final String PHONE = "phone";
    public static final String MOBILE_PREFIX_360NRS = "mobile_prefix_360nrs";

    public static final String INVALID_NUMBER = "invalid phone number";

    private static final List<String> SMS_NUMBER_PROPERTIES = List.of(MOBILE_PHONE_360NRS, MOBILEPHONE, PHONE);

    // Separators people type or paste: spaces (incl. no-break/thin), ASCII and typographic dashes, dots,
    // brackets and the slash common in German numbers ("0151/12345678").
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Z}\\-\\u2010-\\u2015.()\\[\\]/]");
    private static final Pattern INTERNATIONAL = Pattern.compile("(?:\\+|00)(\\d+)");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern CALLING_CODE = Pattern.compile("0*([1-9]\\d{0,2})");

    private final PhoneNumberUtil util;

    public PhoneNumberResolver() {
        this(PhoneNumberUtil.getInstance());
    }

    PhoneNumberResolver(PhoneNumberUtil util) {
        this.util = util;
    }

    /** The contact properties {@link #resolve} reads; the caller fetches these from HubSpot. */
    public static List<String> lookupProperties() {
        return List.of(MOBILE_PHONE_360NRS, MOBILEPHONE, PHONE, MOBILE_PREFIX_360NRS);
    }

    /** The contact properties {@link #resolveFromProperty} reads for a voice action that names its own property. */
    public static List<String> lookupProperties(String phoneProperty) {
        return List.of(phoneProperty, MOBILE_PREFIX_360NRS);
    }

    /** SMS rule: number from mobile_phone_360nrs, else mobilephone, else phone. */
    public PhoneResolution resolve(Map<String, String> contactProperties, String destinationCountry) {
        return resolve(contactProperties, destinationCountry, SMS_NUMBER_PROPERTIES);
    }

    /** Voice/IVR rule: the number comes from the one property chosen in the action. */
    public PhoneResolution resolveFromProperty(
            Map<String, String> contactProperties, String phoneProperty, String destinationCountry) {
        if (phoneProperty == null || phoneProperty.isBlank()) {
            throw new IllegalArgumentException("phone property name is required");
        }
        return resolve(contactProperties, destinationCountry, List.of(phoneProperty));
    }

    private PhoneResolution resolve(
            Map<String, String> contactProperties, String destinationCountry, List<String> numberProperties) {
        Map<String, String> properties = contactProperties == null ? Map.of() : contactProperties;

        String sourceProperty = null;
        String raw = null;
        for (String property : numberProperties) {
            String value = properties.get(property);
            if (value != null && !value.isBlank()) {
                sourceProperty = property;
                raw = value;
                break;
            }
        }
        if (raw == null) {
            return PhoneResolution.failed(
                    "contact has no phone number (checked " + String.join(", ", numberProperties) + ")");
        }

        String countryRegion = null;
        if (destinationCountry != null && !destinationCountry.isBlank()) {
            Optional<String> region = supportedRegion(destinationCountry);
            if (region.isEmpty()) {
                return PhoneResolution.failed("unknown destination country " + destinationCountry.strip());
            }
            countryRegion = region.get();
        }

        String cleaned = SEPARATORS.matcher(raw).replaceAll("");
        var international = INTERNATIONAL.matcher(cleaned);
        if (international.matches()) {
            return accept(parse("+" + international.group(1), "ZZ"), sourceProperty);
        }
        if (!DIGITS.matcher(cleaned).matches()) {
            return PhoneResolution.failed(INVALID_NUMBER, sourceProperty);
        }

        String defaultRegion = countryRegion;
        String prefix = properties.get(MOBILE_PREFIX_360NRS);
        if (prefix != null && !prefix.isBlank()) {
            Optional<String> prefixRegion = regionForCallingCode(prefix);
            if (prefixRegion.isEmpty()) {
                return PhoneResolution.failed(
                        "invalid " + MOBILE_PREFIX_360NRS + " \"" + prefix.strip() + "\"", sourceProperty);
            }
            defaultRegion = prefixRegion.get();
        }

        Optional<PhoneNumber> asInternational = parse("+" + cleaned, "ZZ").filter(util::isValidNumber);
        if (defaultRegion == null) {
            return accept(asInternational, sourceProperty);
        }
        Optional<PhoneNumber> asNational = parse(cleaned, defaultRegion).filter(util::isValidNumber);
        if (asNational.isPresent()
                && asInternational.isPresent()
                && cleaned.startsWith(String.valueOf(util.getCountryCodeForRegion(defaultRegion)))) {
            return accept(asInternational, sourceProperty);
        }
        return accept(asNational.isPresent() ? asNational : asInternational, sourceProperty);
    }

    private PhoneResolution accept(Optional<PhoneNumber> number, String sourceProperty) {
        if (number.isEmpty() || !util.isValidNumber(number.get())) {
            return PhoneResolution.failed(INVALID_NUMBER, sourceProperty);
        }
        PhoneNumber valid = number.get();
        return PhoneResolution.ok(
                util.format(valid, PhoneNumberFormat.E164), sourceProperty, util.getRegionCodeForNumber(valid));
    }

    private Optional<PhoneNumber> parse(String number, String region) {
        try {
            return Optional.of(util.parse(number, region));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** ISO alpha-2, any case; "UK" is accepted for GB because people write it. */
    private Optional<String> supportedRegion(String country) {
        String code = country.strip().toUpperCase(Locale.ROOT);
        if (code.equals("UK")) {
            code = "GB";
        }
        return util.getSupportedRegions().contains(code) ? Optional.of(code) : Optional.empty();
    }

    /** "34", "+34", "0034", " 351 ", "(+44)" -> main region of that calling code, if it is a real one. */
    private Optional<String> regionForCallingCode(String prefix) {
        String cleaned = SEPARATORS.matcher(prefix).replaceAll("");
        if (cleaned.startsWith("+")) {
            cleaned = cleaned.substring(1);
        }
        var code = CALLING_CODE.matcher(cleaned);
        if (!code.matches()) {
            return Optional.empty();
        }
        String region = util.getRegionCodeForCountryCode(Integer.parseInt(code.group(1)));
        // Non-geographic codes (800, 808, 870, ...) map to "001" and cannot serve as a default region.
        return PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region) || "ZZ".equals(region)
                ? Optional.empty()
                : Optional.of(region);
    }
}
