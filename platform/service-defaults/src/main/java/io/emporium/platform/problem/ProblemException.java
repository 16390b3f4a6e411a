package io.emporium.platform.problem;

import java.util.Map;

/**
 * A failure the caller caused or can act on; it leaves the service as RFC 9457 problem+json
 * with {@link #status()}, a stable {@link #type()} slug and a human {@link #getMessage() detail}.
 */
public abstract class ProblemException extends RuntimeException {

    private final String type;
    private final Map<String, Object> properties;

    protected ProblemException(String type, String detail, Map<String, Object> properties) {
        super(detail);
        this.type = type;
        this.properties = Map.copyOf(properties);
    }

    public abstract int status();

    /** A stable, kebab-case name of the problem, e.g. {@code insufficient-stock}. */
    public String type() {
        return type;
    }

    /** Extra members of the problem document, e.g. the current state of an aggregate. */
    public Map<String, Object> properties() {
        return properties;
    }
}
