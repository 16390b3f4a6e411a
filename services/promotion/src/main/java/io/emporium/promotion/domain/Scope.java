package io.emporium.promotion.domain;

import java.util.Objects;
import java.util.Set;

/**
 * What a promotion applies to: everything it may touch ({@code ALL}), or only the named merchants,
 * categories (a category covers everything below it) or products.
 */
public record Scope(Kind kind, Set<String> ids) {

    public enum Kind { ALL, MERCHANT, CATEGORY, PRODUCT }

    public Scope {
        Objects.requireNonNull(kind, "kind");
        ids = ids == null ? Set.of() : Set.copyOf(ids);
        if (kind == Kind.ALL && !ids.isEmpty()) {
            throw new IllegalArgumentException("a scope of ALL names no ids");
        }
        if (kind != Kind.ALL && ids.isEmpty()) {
            throw new IllegalArgumentException("a " + kind + " scope names at least one id");
        }
    }

    public static Scope all() {
        return new Scope(Kind.ALL, Set.of());
    }

    public boolean covers(PricingItem item) {
        return switch (kind) {
            case ALL -> true;
            case MERCHANT -> ids.contains(item.merchantId());
            case PRODUCT -> ids.contains(item.productId());
            case CATEGORY -> item.categoryIds().stream().anyMatch(ids::contains);
        };
    }
}
