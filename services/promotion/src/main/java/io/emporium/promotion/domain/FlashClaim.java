package io.emporium.promotion.domain;

import io.emporium.kernel.FlashSaleId;
import java.time.Instant;
import java.util.Objects;

/**
 * Flash units claimed by a flash purchase (ref = its own id, the order's checkout id) or by a cart
 * checkout (ref = the checkout id), booked to the stock bucket its first unit came from. Its
 * state machine:
 * <pre>
 * HELD --pay-----> PAID       (the order was paid: the units are sold)
 *  |
 *  +---release---> RELEASED   (not paid: units and the customer's limit go back)
 * </pre>
 * Both ends are final; any other move throws {@link IllegalPromotionTransition}.
 */
public record FlashClaim(String id, FlashSaleId saleId, String ref, String customerId, int quantity, int bucket, State state,
        Instant createdAt) {

    public enum State {
        HELD, PAID, RELEASED
    }

    public FlashClaim {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        if (quantity <= 0) {
            throw new IllegalArgumentException("a claim is for at least one unit");
        }
    }

    public static FlashClaim held(String id, FlashSaleId saleId, String ref, String customerId, int quantity, int bucket,
            Instant at) {
        return new FlashClaim(id, saleId, ref, customerId, quantity, bucket, State.HELD, at);
    }

    /** A flash purchase's claim (made through the purchase endpoint), rather than a cart checkout's. */
    public boolean isPurchase() {
        return ref.equals(id);
    }

    public boolean held() {
        return state == State.HELD;
    }

    public FlashClaim pay() {
        return move(State.PAID);
    }

    public FlashClaim release() {
        return move(State.RELEASED);
    }

    private FlashClaim move(State to) {
        if (state != State.HELD) {
            throw new IllegalPromotionTransition("flash claim", id, state, to);
        }
        return new FlashClaim(id, saleId, ref, customerId, quantity, bucket, to, createdAt);
    }
}
