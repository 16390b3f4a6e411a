package io.emporium.kernel;

import java.util.Map;

/**
 * A refusal by a domain rule, named by a stable kebab-case {@link #type()} (for example
 * {@code illegal-order-transition}) with a human detail and extra facts (the current state, say). Domain code
 * knows no HTTP: each kind ({@link RuleViolation}, {@link StateConflict}, {@link UnknownEntity}) is given its
 * status at the edge, in one table (the platform's {@code DomainProblems}), both when a request fails with
 * one and when a service's in-process binding passes one to its caller.
 */
public abstract class DomainException extends RuntimeException {

    private final String type;
    private final Map<String, Object> properties;

    protected DomainException(String type, String detail, Map<String, Object> properties) {
        super(detail);
        this.type = type;
        this.properties = Map.copyOf(properties);
    }

    public String type() {
        return type;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
