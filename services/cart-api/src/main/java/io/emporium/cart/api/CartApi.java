package io.emporium.cart.api;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;

/** What other services (the order center at checkout) may ask of the cart. */
@HttpExchange("/api/cart/internal")
public interface CartApi {

    @GetExchange("/customers/{customerId}")
    CartView cartOf(@PathVariable("customerId") String customerId);

    /** Empties the cart. */
    @DeleteExchange("/customers/{customerId}")
    void clear(@PathVariable("customerId") String customerId);

    /**
     * Takes what a checkout bought off the cart (quantity per SKU id); lines added meanwhile stay. Idempotent by
     * checkout id: a repeated request takes nothing more.
     */
    @PutExchange("/customers/{customerId}/checkouts/{checkoutId}")
    void checkedOut(@PathVariable("customerId") String customerId, @PathVariable("checkoutId") String checkoutId,
            @RequestBody java.util.Map<String, Integer> quantities);
}
