package io.emporium.order.saga;

import io.emporium.cart.api.CartView;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.inventory.api.ReserveStock;
import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.Money;
import io.emporium.kernel.PaymentId;
import io.emporium.payment.api.NewPayment;
import io.emporium.payment.api.PaymentView;
import io.emporium.promotion.api.PriceQuote;
import io.emporium.promotion.api.PricingRequest;
import java.util.Map;
import java.util.Optional;

/**
 * The other services a checkout saga asks, each call keyed by the checkout id (or the payment id) and
 * idempotent, so that a step repeated after a crash has one effect. A refusal is a 4xx
 * {@code ProblemException}; anything else is a failure to be retried. Never called inside a transaction.
 */
public interface CheckoutParticipants {

    CartView cart(CustomerId customerId);

    Optional<SkuSnapshot> sku(String skuId);

    PriceQuote holdPromotions(CheckoutId checkoutId, PricingRequest request);

    void releasePromotions(CheckoutId checkoutId);

    void redeemPromotions(CheckoutId checkoutId);

    void reserveStock(CheckoutId checkoutId, ReserveStock request);

    /** Reserved units become sold; a 409 {@code ConflictException} when the hold ended (expired or released). */
    void confirmStock(CheckoutId checkoutId);

    void releaseStock(CheckoutId checkoutId);

    PaymentView openPayment(CheckoutId checkoutId, NewPayment payment);

    /** The payment the checkout opened, if it opened one (a saga resumed after a crash may not know it). */
    Optional<PaymentView> paymentOf(CheckoutId checkoutId);

    /** A 409 {@code ConflictException} when the payment was captured meanwhile. */
    void cancelPayment(PaymentId paymentId);

    void refundPayment(PaymentId paymentId, String refundId, Money amount);

    /** Takes what the checkout bought off the customer's cart, once per checkout. */
    void takeOffCart(CustomerId customerId, CheckoutId checkoutId, Map<String, Integer> bought);
}
