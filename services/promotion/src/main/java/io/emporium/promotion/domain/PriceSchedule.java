package io.emporium.promotion.domain;

import io.emporium.kernel.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * A merchant's time-limited price for a SKU in [startsAt, endsAt). Its state machine:
 * ACTIVE --cancel--> CANCELLED (final). Cancelling twice throws {@link IllegalPromotionTransition}.
 */
public record PriceSchedule(String id, String merchantId, String skuId, Money price, Instant startsAt, Instant endsAt,
        State state, Instant createdAt) {

    public enum State {
        ACTIVE, CANCELLED
    }

    public PriceSchedule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("a price schedule ends after it starts");
        }
    }

    public PriceSchedule cancel() {
        if (state != State.ACTIVE) {
            throw new IllegalPromotionTransition("price schedule", id, state, State.CANCELLED);
        }
        return new PriceSchedule(id, merchantId, skuId, price, startsAt, endsAt, State.CANCELLED, createdAt);
    }
}
