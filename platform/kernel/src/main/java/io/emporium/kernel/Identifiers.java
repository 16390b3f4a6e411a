package io.emporium.kernel;

import java.util.UUID;
import java.util.regex.Pattern;

/** The one rule every opaque id follows: 1 to 64 characters of letters, digits, '-' and '_'. */
public final class Identifiers {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Identifiers() {
    }

    public static String requireValid(String value, String what) {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-64 letters, digits, '-' or '_'");
        }
        return value;
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    /** A new random id with a readable prefix, e.g. {@code sku_3f2a...}. */
    public static String newId(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    }
}
