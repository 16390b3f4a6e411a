package io.emporium.promotion.domain;

import java.util.Objects;

/**
 * What a checkout's price relied on (its coupons and flash units), kept under the checkout's ref
 * so that a repeated hold returns the same quote. Its state machine:
 * <pre>
 * HELD --redeem--> REDEEMED   (the order was paid)
 *  |
 *  +---release---> RELEASED   (abandoned, cancelled or unpaid; the price no longer stands)
 * </pre>
 * Both ends are final; any other move throws {@link IllegalPromotionTransition}.
 */
public record PricingHold(String ref, String customerId, String requestHash, String quote, State state) {

    public enum State {
        HELD, REDEEMED, RELEASED
    }

    public PricingHold {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(state, "state");
    }

    public static PricingHold held(String ref, String customerId, String requestHash, String quote) {
        return new PricingHold(ref, customerId, requestHash, quote, State.HELD);
    }

    public boolean held() {
        return state == State.HELD;
    }

    public PricingHold redeem() {
        return move(State.REDEEMED);
    }

    public PricingHold release() {
        return move(State.RELEASED);
    }

    private PricingHold move(State to) {
        if (state != State.HELD) {
            throw new IllegalPromotionTransition("pricing hold", ref, state, to);
        }
        return new PricingHold(ref, customerId, requestHash, quote, to);
    }
}
