package io.emporium.catalog.api;

/** Which merchant sells a product (so a merchant's promotion can be kept to its own goods). */
public record ProductOwner(String productId, String merchantId) {
}
