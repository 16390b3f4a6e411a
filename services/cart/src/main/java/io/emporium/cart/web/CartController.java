package io.emporium.cart.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.emporium.cart.api.CartView;
import io.emporium.cart.api.LineQuantity;
import io.emporium.cart.api.NewLine;
import io.emporium.cart.application.CartService;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.SkuId;
import io.emporium.platform.security.CurrentCaller;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in customer's own cart; there is no way to name another customer's. */
@RestController
public class CartController {

    private final CartService carts;

    public CartController(CartService carts) {
        this.carts = carts;
    }

    @Operation(operationId = "getCart", summary = "The signed-in customer's cart with current prices and availability")
    @ApiResponse(responseCode = "200", description = "The cart; while the cart's database cannot be reached, the cart this process "
            + "last showed the customer (at most emporium.stale-reads.max-age old), with Age and Cache-Status", headers = {
            @Header(name = "Age", description = "only on a stale answer: seconds since it was read from the database",
                    schema = @Schema(type = "integer")),
            @Header(name = "Cache-Status", description = "only on a stale answer: emporium; hit; ttl=-<age>; detail=database-unavailable",
                    schema = @Schema(type = "string"))})
    @GetMapping("/api/cart")
    public ResponseEntity<CartView> cart() {
        return carts.show(customer()).response();
    }

    @Operation(operationId = "addCartLine", summary = "Add a quantity of a SKU to the cart")
    @PostMapping("/api/cart/lines")
    public CartView add(@Valid @RequestBody NewLine line) {
        return carts.add(customer(), new SkuId(line.skuId()), line.quantity());
    }

    @Operation(operationId = "setCartLineQuantity", summary = "Set a cart line's quantity")
    @PutMapping("/api/cart/lines/{skuId}")
    public CartView set(@PathVariable String skuId, @Valid @RequestBody LineQuantity quantity) {
        return carts.set(customer(), new SkuId(skuId), quantity.quantity());
    }

    @Operation(operationId = "removeCartLine", summary = "Remove a line from the cart")
    @DeleteMapping("/api/cart/lines/{skuId}")
    public CartView remove(@PathVariable String skuId) {
        return carts.remove(customer(), new SkuId(skuId));
    }

    private static CustomerId customer() {
        return CurrentCaller.get().requireCustomer();
    }
}
