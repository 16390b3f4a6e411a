package io.emporium.catalog.domain;

import io.emporium.kernel.Money;
import io.emporium.kernel.SkuId;
import io.emporium.kernel.RuleViolation;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** A variant of a product: a merchant's code, attributes (colour, size, ...) and a list price. */
public record Sku(SkuId id, String code, Map<String, String> attributes, Money price) {

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    static final BigDecimal MAX_PRICE = new BigDecimal("10000000");

    public Sku {
        Objects.requireNonNull(id);
        code = Objects.requireNonNull(code).toUpperCase(java.util.Locale.ROOT);
        attributes = validAttributes(attributes == null ? Map.of() : attributes);
        validPrice(price);
    }

    static Map<String, String> validAttributes(Map<String, String> attributes) {
        if (attributes.size() > 10) {
            throw new RuleViolation("invalid-attributes", "a SKU has at most 10 attributes");
        }
        Map<String, String> sorted = new TreeMap<>();
        attributes.forEach((name, value) -> {
            if (name == null || !ATTRIBUTE_NAME.matcher(name).matches()) {
                throw new RuleViolation("invalid-attributes",
                        "attribute name '" + name + "' must be lower-case letters, digits, '-' or '_' (at most 32)");
            }
            if (value == null || value.isBlank() || value.length() > 64) {
                throw new RuleViolation("invalid-attributes",
                        "attribute '" + name + "' needs a value of 1 to 64 characters");
            }
            sorted.put(name, value.trim());
        });
        return java.util.Collections.unmodifiableMap(sorted);
    }

    static void validPrice(Money price) {
        if (price == null) {
            throw new RuleViolation("invalid-price", "price is required");
        }
        if (!price.isPositive()) {
            throw new RuleViolation("invalid-price", "price must be greater than zero");
        }
        if (price.amount().compareTo(MAX_PRICE) >= 0) {
            throw new RuleViolation("invalid-price", "price must be less than " + MAX_PRICE.toPlainString());
        }
    }

    Sku withPrice(Money newPrice) {
        return new Sku(id, code, attributes, newPrice);
    }

    Sku withAttributes(Map<String, String> newAttributes) {
        return new Sku(id, code, newAttributes, price);
    }
}
