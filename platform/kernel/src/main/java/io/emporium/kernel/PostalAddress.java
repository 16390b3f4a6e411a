package io.emporium.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where something is shipped: a checkout's address, a flash purchase's, an order's. The one postal
 * address of the platform, valid by construction: the constructor trims every field, turns a blank
 * optional field ({@code line2}, {@code region}) into null and refuses, with every broken field
 * named ({@link InvalidValue}), a missing or blank required field, a field over its length, a
 * phone, postal code or country out of shape, and control characters or unpaired surrogates in
 * free text (no part of an address, and the database refuses some of them, a NUL in JSON).
 *
 * <p>The rules are the constants below; the published contract's {@code PostalAddress} schema is
 * written from them, so the document and the server cannot disagree.
 */
public record PostalAddress(String name, String phone, String line1, String line2, String city, String region,
        String postalCode, String country) {

    public static final int NAME_MAX = 100;
    public static final int LINE_MAX = 200;
    public static final int CITY_MAX = 100;
    public static final int REGION_MAX = 100;
    /** 5 to 20 digits, spaces and dashes, an optional leading {@code +}. */
    public static final String PHONE = "\\+?[0-9][0-9 -]{4,19}";
    public static final String PHONE_MESSAGE = "must be a phone number of 5 to 20 digits";
    public static final String POSTAL_CODE = "[A-Za-z0-9][A-Za-z0-9 -]{1,11}";
    public static final String POSTAL_CODE_MESSAGE = "must be a postal code";
    /** ISO 3166-1 alpha-2, upper case. */
    public static final String COUNTRY = "[A-Z]{2}";
    public static final String COUNTRY_MESSAGE = "must be an ISO 3166 two-letter country code";
    /** No control character (Cc) and no unpaired surrogate (Cs). */
    public static final String PRINTABLE = "[^\\p{Cc}\\p{Cs}]*";
    public static final String PRINTABLE_MESSAGE = "must not contain control characters";

    private static final Pattern PHONE_PATTERN = Pattern.compile(PHONE);
    private static final Pattern POSTAL_CODE_PATTERN = Pattern.compile(POSTAL_CODE);
    private static final Pattern COUNTRY_PATTERN = Pattern.compile(COUNTRY);
    private static final Pattern PRINTABLE_PATTERN = Pattern.compile(PRINTABLE);

    public PostalAddress {
        List<InvalidValue.Violation> violations = new ArrayList<>();
        // lengths count what was sent, as the published maxLength does
        longer(violations, "name", name, NAME_MAX);
        longer(violations, "line1", line1, LINE_MAX);
        longer(violations, "line2", line2, LINE_MAX);
        longer(violations, "city", city, CITY_MAX);
        longer(violations, "region", region, REGION_MAX);
        name = trimmed(name);
        phone = trimmed(phone);
        line1 = trimmed(line1);
        line2 = blankToNull(trimmed(line2));
        city = trimmed(city);
        region = blankToNull(trimmed(region));
        postalCode = trimmed(postalCode);
        country = trimmed(country);
        text(violations, "name", name, true);
        shaped(violations, "phone", phone, PHONE_PATTERN, PHONE_MESSAGE);
        text(violations, "line1", line1, true);
        text(violations, "line2", line2, false);
        text(violations, "city", city, true);
        text(violations, "region", region, false);
        shaped(violations, "postalCode", postalCode, POSTAL_CODE_PATTERN, POSTAL_CODE_MESSAGE);
        shaped(violations, "country", country, COUNTRY_PATTERN, COUNTRY_MESSAGE);
        if (!violations.isEmpty()) {
            throw new InvalidValue("not a postal address", violations);
        }
    }

    private static void longer(List<InvalidValue.Violation> violations, String field, String value, int max) {
        if (value != null && value.length() > max) {
            violations.add(new InvalidValue.Violation(field, "size must be between 0 and " + max));
        }
    }

    private static void text(List<InvalidValue.Violation> violations, String field, String value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                violations.add(new InvalidValue.Violation(field, "must not be blank"));
            }
            return;
        }
        if (!PRINTABLE_PATTERN.matcher(value).matches()) {
            violations.add(new InvalidValue.Violation(field, PRINTABLE_MESSAGE));
        }
    }

    private static void shaped(List<InvalidValue.Violation> violations, String field, String value, Pattern shape, String message) {
        if (value == null || value.isEmpty()) {
            violations.add(new InvalidValue.Violation(field, "must not be blank"));
        } else if (!shape.matcher(value).matches()) {
            violations.add(new InvalidValue.Violation(field, message));
        }
    }

    private static String trimmed(String value) {
        return value == null ? null : value.strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
