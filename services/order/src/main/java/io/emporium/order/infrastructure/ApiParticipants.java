package io.emporium.order.infrastructure;

import io.emporium.cart.api.CartApi;
import io.emporium.cart.api.CartView;
import io.emporium.catalog.api.CatalogApi;
import io.emporium.catalog.api.SkuQuery;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.ReserveStock;
import io.emporium.kernel.Money;
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
 * CallsOutsideTransactions): a call to another service never holds one of ours open.
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
    public CartView cart(String customerId) {
        return carts.cartOf(customerId);
    }

    @Override
    public Optional<SkuSnapshot> sku(String skuId) {
        return catalog.skus(new SkuQuery(List.of(skuId))).stream().findFirst();
    }

    @Override
    public PriceQuote holdPromotions(String checkoutId, PricingRequest request) {
        return promotions.hold(checkoutId, request);
    }

    @Override
    public void releasePromotions(String checkoutId) {
        promotions.release(checkoutId);
    }

    @Override
    public void redeemPromotions(String checkoutId) {
        promotions.redeem(checkoutId);
    }

    @Override
    public void reserveStock(String checkoutId, ReserveStock request) {
        inventory.reserve(checkoutId, request);
    }

    @Override
    public void confirmStock(String checkoutId) {
        inventory.confirm(checkoutId);
    }

    @Override
    public void releaseStock(String checkoutId) {
        inventory.release(checkoutId);
    }

    @Override
    public PaymentView openPayment(String checkoutId, NewPayment payment) {
        return payments.open(checkoutId, payment);
    }

    @Override
    public Optional<PaymentView> paymentOf(String checkoutId) {
        try {
            return Optional.of(payments.intentOf(checkoutId));
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void cancelPayment(String paymentId) {
        payments.cancel(paymentId);
    }

    @Override
    public void refundPayment(String paymentId, String refundId, Money amount) {
        payments.refund(paymentId, refundId, new RefundRequest(amount));
    }

    @Override
    public void takeOffCart(String customerId, String checkoutId, Map<String, Integer> bought) {
        carts.checkedOut(customerId, checkoutId, bought);
    }
}
