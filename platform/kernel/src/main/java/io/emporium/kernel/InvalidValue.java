package io.emporium.kernel;

import java.util.List;

/**
 * A value that cannot exist as given: each {@link Violation} names the field (relative to the
 * value) and what is wrong with it. At the edge it is a 400 listing every field, like a request
 * that bean validation refuses; it is an {@link IllegalArgumentException} so that a value type
 * needs nothing but the JDK.
 */
public class InvalidValue extends IllegalArgumentException {

    private final transient List<Violation> violations;

    public InvalidValue(String what, List<Violation> violations) {
        super(what + ": " + String.join("; ", violations.stream().map(v -> v.field() + " " + v.message()).toList()));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid value has at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    public record Violation(String field, String message) {
    }
}
