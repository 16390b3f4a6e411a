package io.emporium.kernel;

import java.util.Map;

/** Something named that does not exist (a SKU a product does not have). */
public class UnknownEntity extends DomainException {

    public UnknownEntity(String type, String detail) {
        super(type, detail, Map.of());
    }

    public UnknownEntity(String type, String detail, Map<String, Object> properties) {
        super(type, detail, properties);
    }
}
