package io.emporium.kernel;

import java.util.Map;

/** A value or a request that a business rule refuses (a quantity over the limit, a price of zero). */
public class RuleViolation extends DomainException {

    public RuleViolation(String type, String detail) {
        super(type, detail, Map.of());
    }

    public RuleViolation(String type, String detail, Map<String, Object> properties) {
        super(type, detail, properties);
    }
}
