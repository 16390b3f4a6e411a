package io.emporium.cart.api;

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

    public record Line(String skuId, String productId, String productName, String merchantId, Map<String, String> attributes,
            int quantity, Money unitPrice, Money lineTotal, long available, String availability, boolean onSale,
            boolean purchasable, String problem, List<String> categoryIds) {

        public Line {
            categoryIds = categoryIds == null ? List.of() : List.copyOf(categoryIds);
        }
    }
}
