package io.emporium.cart.domain;

import io.emporium.kernel.RuleViolation;
import java.util.Map;

/** The limits a cart keeps: a quantity per line and a number of distinct lines. */
public record CartRules(int maxQuantityPerLine, int maxLines) {

    public int checkQuantity(long quantity) {
        if (quantity < 1) {
            throw new RuleViolation("invalid-quantity", "quantity must be at least 1");
        }
        if (quantity > maxQuantityPerLine) {
            throw new RuleViolation("quantity-limit", "at most " + maxQuantityPerLine + " of one item per order",
                    Map.of("maxQuantity", maxQuantityPerLine));
        }
        return (int) quantity;
    }

    public void checkLineCount(int lines) {
        if (lines > maxLines) {
            throw new RuleViolation("cart-full", "a cart holds at most " + maxLines + " different items");
        }
    }
}
