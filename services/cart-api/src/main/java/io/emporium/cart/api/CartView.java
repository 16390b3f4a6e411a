package io.emporium.cart.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emporium.kernel.Money;
import java.util.List;
import java.util.Map;

/**
 * A customer's cart with current prices and availability. A line whose SKU was unpublished or
 * has too little stock stays in the cart, marked not purchasable, so the customer sees why.
 * {@code onSale} is false only for items that cannot be bought at all now (withdrawn, gone, or
 * priced in another currency); a line that is on sale but short of stock is for inventory to decide.
 * Prices here are list prices; promotions are applied by the checkout's quote (the pricing engine).
 */
public record CartView(String customerId, List<Line> lines, Money subtotal, int itemCount, boolean readyForCheckout) {

    @Schema(name = "CartLine", description = "A cart line; a SKU that is no longer sold has no product, merchant or price")
    public record Line(String skuId, @Schema(nullable = true) String productId, @Schema(nullable = true) String productName, @Schema(nullable = true) String merchantId,
            Map<String, String> attributes, int quantity, @Schema(nullable = true) Money unitPrice, @Schema(nullable = true) Money lineTotal, long available,
            @Schema(allowableValues = {"IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK", "UNKNOWN"}) String availability, boolean onSale, boolean purchasable,
            @Schema(nullable = true, description = "why the line cannot be bought now") String problem, List<String> categoryIds) {

        public Line {
            categoryIds = categoryIds == null ? List.of() : List.copyOf(categoryIds);
        }
    }
}
