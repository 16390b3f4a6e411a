package io.emporium.order.infrastructure;

import io.emporium.cart.api.CartApi;
import io.emporium.cart.api.CartView;
import io.emporium.catalog.api.CatalogApi;
import io.emporium.catalog.api.SkuQuery;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.ReserveStock;
import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.Money;
import io.emporium.kernel.PaymentId;
import io.emporium.order.saga.CheckoutParticipants;
import io.emporium.payment.api.NewPayment;
import io.emporium.payment.api.PaymentApi;
import io.emporium.payment.api.PaymentView;
import io.emporium.payment.api.RefundRequest;
import io.emporium.platform.problem.ProblemException;
import io.emporium.promotion.api.PriceQuote;
import io.emporium.promotion.api.PricingRequest;
import io.emporium.promotion.api.PromotionApi;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The saga's participants through their published APIs (in this JVM the services themselves, across
 * processes HTTP clients). The bindings refuse a call from inside a transaction (the platform's
 * CallsOutsideTransactions): a call to another service never holds one of ours open. The APIs take ids as
 * Strings: the typed ids end here.
 */
public class ApiParticipants implements CheckoutParticipants {

    private final CartApi carts;
    private final CatalogApi catalog;
    private final PromotionApi promotions;
    private final InventoryApi inventory;
    private final PaymentApi payments;

    public ApiParticipants(CartApi carts, CatalogApi catalog, PromotionApi promotions, InventoryApi inventory,
            PaymentApi payments) {
        this.carts = carts;
        this.catalog = catalog;
        this.promotions = promotions;
        this.inventory = inventory;
        this.payments = payments;
    }

    @Override
    public CartView cart(CustomerId customerId) {
        return carts.cartOf(customerId.value());
    }

    @Override
    public Optional<SkuSnapshot> sku(String skuId) {
        return catalog.skus(new SkuQuery(List.of(skuId))).stream().findFirst();
    }

    @Override
    public PriceQuote holdPromotions(CheckoutId checkoutId, PricingRequest request) {
        return promotions.hold(checkoutId.value(), request);
    }

    @Override
    public void releasePromotions(CheckoutId checkoutId) {
        promotions.release(checkoutId.value());
    }

    @Override
    public void redeemPromotions(CheckoutId checkoutId) {
        promotions.redeem(checkoutId.value());
    }

    @Override
    public void reserveStock(CheckoutId checkoutId, ReserveStock request) {
        inventory.reserve(checkoutId.value(), request);
    }

    @Override
    public void confirmStock(CheckoutId checkoutId) {
        inventory.confirm(checkoutId.value());
    }

    @Override
    public void releaseStock(CheckoutId checkoutId) {
        inventory.release(checkoutId.value());
    }

    @Override
    public PaymentView openPayment(CheckoutId checkoutId, NewPayment payment) {
        return payments.open(checkoutId.value(), payment);
    }

    @Override
    public Optional<PaymentView> paymentOf(CheckoutId checkoutId) {
        try {
            return Optional.of(payments.intentOf(checkoutId.value()));
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void cancelPayment(PaymentId paymentId) {
        payments.cancel(paymentId.value());
    }

    @Override
    public void refundPayment(PaymentId paymentId, String refundId, Money amount) {
        payments.refund(paymentId.value(), refundId, new RefundRequest(amount));
    }

    @Override
    public void takeOffCart(CustomerId customerId, CheckoutId checkoutId, Map<String, Integer> bought) {
        carts.checkedOut(customerId.value(), checkoutId.value(), bought);
    }
}
