package io.emporium.cart.application;

import io.emporium.cart.domain.CartLine;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.SkuId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The carts, as the use cases need them (JdbcCartRepository stores them). */
public interface CartRepository {

    List<CartLine> lines(CustomerId customer);

    Optional<Integer> quantity(CustomerId customer, SkuId sku, boolean lock);

    int count(CustomerId customer);

    void put(CustomerId customer, SkuId sku, int quantity, Instant now);

    /** Adds to a line (creating it) in one statement; returns the line's new quantity. */
    int add(CustomerId customer, SkuId sku, int quantity, Instant now);

    /** Records that a checkout's quantities are taken off the cart; false when they were already. */
    boolean recordCheckout(CustomerId customer, String checkoutId, java.time.Instant now);

    /** Takes checked-out quantities off the lines (a line whose quantity reaches zero goes). */
    void subtract(CustomerId customer, SkuId sku, int quantity);

    boolean remove(CustomerId customer, SkuId sku);

    void clear(CustomerId customer);
}
