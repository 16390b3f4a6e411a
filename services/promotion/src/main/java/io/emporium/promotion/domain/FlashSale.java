package io.emporium.promotion.domain;

import io.emporium.kernel.FlashSaleId;
import io.emporium.kernel.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * A flash sale: {@code stock} units of a SKU at {@code price} in [startsAt, endsAt), set aside in an
 * inventory pool and split into {@code buckets} here. Its state machine:
 * <pre>
 * SCHEDULED --settle (once ended)--> SETTLED     (unsold units back to normal stock)
 *     |
 *     +------cancel----------------> CANCELLED
 * </pre>
 * Both ends are final; any other move throws {@link IllegalPromotionTransition}. While SCHEDULED,
 * the clock gives its {@link Phase} (what the storefront shows).
 */
public record FlashSale(FlashSaleId id, String skuId, String productId, String productName, String merchantId, Money listPrice,
        Money price, int stock, int perCustomerLimit, Instant startsAt, Instant endsAt, String poolId, int buckets,
        State state, String createdBy, Instant createdAt) {

    public enum State {
        SCHEDULED, SETTLED, CANCELLED
    }

    /** Where a sale stands by the clock. */
    public enum Phase {
        UPCOMING, ACTIVE, ENDED
    }

    public FlashSale {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("a flash sale ends after it starts");
        }
    }

    public static FlashSale scheduled(FlashSaleId id, String skuId, String productId, String productName, String merchantId,
            Money listPrice, Money price, int stock, int perCustomerLimit, Instant startsAt, Instant endsAt, String poolId,
            int buckets, String createdBy, Instant createdAt) {
        return new FlashSale(id, skuId, productId, productName, merchantId, listPrice, price, stock, perCustomerLimit,
                startsAt, endsAt, poolId, buckets, State.SCHEDULED, createdBy, createdAt);
    }

    public Phase phase(Instant at) {
        return at.isBefore(startsAt) ? Phase.UPCOMING : at.isBefore(endsAt) ? Phase.ACTIVE : Phase.ENDED;
    }

    /** Selling at {@code at}: scheduled and in its window. */
    public boolean activeAt(Instant at) {
        return state == State.SCHEDULED && phase(at) == Phase.ACTIVE;
    }

    /** Neither settled, cancelled nor past its end: units may still be claimed (or come back) at {@code at}. */
    public boolean openAt(Instant at) {
        return state == State.SCHEDULED && at.isBefore(endsAt);
    }

    /** Scheduled and over by {@code at}: due for settlement. */
    public boolean settleableAt(Instant at) {
        return state == State.SCHEDULED && !at.isBefore(endsAt);
    }

    /** Ends the sale once its time is over; refused while it runs (named SCHEDULED) and once settled or cancelled. */
    public FlashSale settle(Instant at) {
        if (!settleableAt(at)) {
            throw new IllegalPromotionTransition("flash sale", id.value(), state, State.SETTLED);
        }
        return with(State.SETTLED);
    }

    public FlashSale cancel() {
        if (state != State.SCHEDULED) {
            throw new IllegalPromotionTransition("flash sale", id.value(), state, State.CANCELLED);
        }
        return with(State.CANCELLED);
    }

    private FlashSale with(State to) {
        return new FlashSale(id, skuId, productId, productName, merchantId, listPrice, price, stock, perCustomerLimit,
                startsAt, endsAt, poolId, buckets, to, createdBy, createdAt);
    }
}
