package io.emporium.cart.web;

import io.swagger.v3.oas.annotations.Operation;
import io.emporium.cart.api.CartApi;
import io.emporium.cart.api.CartView;
import io.emporium.cart.application.CartService;
import io.emporium.kernel.CustomerId;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.RestController;

/** The cart's service-to-service API; also its local binding. */
@RestController
@Transactional(propagation = Propagation.NOT_SUPPORTED) // a local call never joins the caller's transaction
public class CartInternalController implements CartApi {

    private final CartService carts;

    public CartInternalController(CartService carts) {
        this.carts = carts;
    }

    @Override
    @Operation(summary = "A customer's cart, priced (for checkout)")
    public CartView cartOf(String customerId) {
        return carts.view(new CustomerId(customerId));
    }

    @Override
    @Operation(summary = "Empty a customer's cart")
    public void clear(String customerId) {
        carts.clear(new CustomerId(customerId));
    }

    @Override
    @Operation(summary = "Take what a checkout bought off a customer's cart; lines added meanwhile stay")
    public void checkedOut(String customerId, String checkoutId, java.util.Map<String, Integer> quantities) {
        java.util.Map<io.emporium.kernel.SkuId, Integer> bySku = new java.util.LinkedHashMap<>();
        quantities.forEach((sku, q) -> {
            if (q == null || q < 1) {
                throw new IllegalArgumentException("quantities must be positive");
            }
            bySku.put(new io.emporium.kernel.SkuId(sku), q);
        });
        carts.checkedOut(new CustomerId(customerId), checkoutId, bySku);
    }
}
