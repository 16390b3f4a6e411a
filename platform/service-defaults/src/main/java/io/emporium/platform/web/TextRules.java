package io.emporium.platform.web;

/**
 * What a string that comes in at the edge may hold. Control characters would make a stored value
 * unprintable or break the logs and pages that show it (PostgreSQL refuses NUL outright); an
 * unpaired surrogate is not text at all (it cannot be encoded as UTF-8); a value that is nothing but
 * spaces and invisible characters looks empty wherever it is shown.
 */
public final class TextRules {

    private TextRules() {
    }

    /** Why {@code value} is refused, or null when it is acceptable. */
    public static String violation(String value, boolean multiLine) {
        if (value == null) {
            return null; // absent is not text; whether it may be absent is the field's own rule
        }
        int length = value.length();
        boolean visible = false;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    visible = true;
                    continue;
                }
                return "contains an unpaired surrogate at position " + i;
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate at position " + i;
            }
            if (Character.getType(c) == Character.CONTROL) {
                boolean lineBreak = c == '\n' || c == '\t' || (c == '\r' && i + 1 < length && value.charAt(i + 1) == '\n');
                if (!multiLine || !lineBreak) {
                    return String.format("contains the control character U+%04X at position %d%s", (int) c, i,
                            multiLine ? "" : " (only multi-line text fields take tabs and newlines)");
                }
                continue;
            }
            if (!invisible(c)) {
                visible = true;
            }
        }
        if (length > 0 && !visible) {
            return "is blank (only spaces or invisible characters); leave it out or give a value";
        }
        return null;
    }

    private static boolean invisible(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT
                || c == '\u3164' || c == '\uFFA0' || c == '\u115F' || c == '\u1160';
    }
}
