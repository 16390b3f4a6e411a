package io.emporium.cart.api;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/** What other services (the order center at checkout) may ask of the cart. */
@HttpExchange("/api/cart/internal")
public interface CartApi {

    @GetExchange("/customers/{customerId}")
    CartView cartOf(@PathVariable("customerId") String customerId);

    /** Empties the cart after a checkout took its lines. */
    @DeleteExchange("/customers/{customerId}")
    void clear(@PathVariable("customerId") String customerId);
}
