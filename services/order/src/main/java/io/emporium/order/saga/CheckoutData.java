package io.emporium.order.saga;

import io.emporium.kernel.Money;
import io.emporium.kernel.PaymentId;
import io.emporium.order.api.CheckoutView;
import io.emporium.kernel.PostalAddress;
import io.emporium.promotion.api.PriceQuote;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the saga's steps need and what they were answered, saved with the saga row after every step so
 * that a resumed saga knows exactly what was taken and what is left to undo.
 *
 * @param items        the lines bought, with the catalog's facts when they were priced (PRICING)
 * @param bought       quantity per SKU to take off the cart once the orders exist
 * @param quote        the promotions' answer (HOLDING_PROMOTIONS)
 * @param stockReserved whether inventory has the reservation (RESERVING)
 * @param paymentId    the payment opened (OPENING_PAYMENT), a String as stored rows have it; {@link #payment()} types it
 * @param view         what the request answers once the orders exist (PLACING_ORDERS)
 * @param reason       why the checkout is being cancelled
 * @param undone       compensations already done, by name, so a retried compensation never repeats a finished one
 * @param afterCart    where the cart step goes on to instead of AWAITING_PAYMENT, when the payment's outcome or
 *                     the customer's cancellation came while the bought lines were being taken off the cart
 *                     (CONFIRMING_STOCK, CANCELLING or CANCELLING_PAYMENT); null otherwise
 */
public record CheckoutData(Kind kind, PostalAddress shipTo, List<String> couponCodes, String flashSkuId, int flashQuantity,
        List<Item> items, Map<String, Integer> bought, PriceQuote quote, boolean stockReserved, String paymentId,
        CheckoutView view, String reason, Set<String> undone, CheckoutState afterCart) {

    public enum Kind {
        /** The customer's cart, checked out by a request. */
        CART,
        /** One admitted flash purchase (its checkout id is the purchase id). */
        FLASH
    }

    /** A line to be bought, with the catalog's facts about it when it was priced. */
    public record Item(String skuId, String productId, String productName, String merchantId, Map<String, String> attributes,
            List<String> categoryIds, int quantity, Money listPrice) {
    }

    public CheckoutData {
        couponCodes = couponCodes == null ? List.of() : List.copyOf(couponCodes);
        items = items == null ? List.of() : List.copyOf(items);
        bought = bought == null ? Map.of() : Map.copyOf(bought);
        undone = undone == null ? Set.of() : Set.copyOf(new TreeSet<>(undone));
    }

    /** {@link #paymentId} typed (null before OPENING_PAYMENT): a method, not a component, so the stored JSON keeps its String. */
    public PaymentId payment() {
        return paymentId == null ? null : new PaymentId(paymentId);
    }

    public static CheckoutData cart(PostalAddress shipTo, List<String> couponCodes) {
        return new CheckoutData(Kind.CART, shipTo, couponCodes, null, 0, null, null, null, false, null, null, null, null, null);
    }

    public static CheckoutData flash(PostalAddress shipTo, String skuId, int quantity) {
        return new CheckoutData(Kind.FLASH, shipTo, List.of(), skuId, quantity, null, null, null, false, null, null, null, null, null);
    }

    public CheckoutData priced(List<Item> items, Map<String, Integer> bought) {
        return new CheckoutData(kind, shipTo, couponCodes, flashSkuId, flashQuantity, items, bought, quote, stockReserved,
                paymentId, view, reason, undone, afterCart);
    }

    public CheckoutData held(PriceQuote quote) {
        return new CheckoutData(kind, shipTo, couponCodes, flashSkuId, flashQuantity, items, bought, quote, stockReserved,
                paymentId, view, reason, undone, afterCart);
    }

    public CheckoutData reserved() {
        return new CheckoutData(kind, shipTo, couponCodes, flashSkuId, flashQuantity, items, bought, quote, true, paymentId,
                view, reason, undone, afterCart);
    }

    public CheckoutData paymentOpened(String paymentId) {
        return new CheckoutData(kind, shipTo, couponCodes, flashSkuId, flashQuantity, items, bought, quote, stockReserved,
                paymentId, view, reason, undone, afterCart);
    }

    public CheckoutData placed(CheckoutView view) {
        return new CheckoutData(kind, shipTo, couponCodes, flashSkuId, flashQuantity, items, bought, quote, stockReserved,
                paymentId, view, reason, undone, afterCart);
    }

    public CheckoutData because(String reason) {
        return new CheckoutData(kind, shipTo, couponCodes, flashSkuId, flashQuantity, items, bought, quote, stockReserved,
                paymentId, view, reason, undone, afterCart);
    }

    public CheckoutData stockHoldEnded() {
        return new CheckoutData(kind, shipTo, couponCodes, flashSkuId, flashQuantity, items, bought, quote, false, paymentId,
                view, reason, undone, afterCart);
    }

    public CheckoutData afterCart(CheckoutState next) {
        return new CheckoutData(kind, shipTo, couponCodes, flashSkuId, flashQuantity, items, bought, quote, stockReserved,
                paymentId, view, reason, undone, next);
    }

    public CheckoutData undid(String compensation) {
        Set<String> done = new TreeSet<>(undone);
        done.add(compensation);
        return new CheckoutData(kind, shipTo, couponCodes, flashSkuId, flashQuantity, items, bought, quote, stockReserved,
                paymentId, view, reason, done, afterCart);
    }
}
