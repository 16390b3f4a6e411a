package io.emporium.promotion.domain;

import java.util.Objects;

/**
 * A customer's coupon. Its state machine:
 * <pre>
 * AVAILABLE --hold(ref)--> HELD(ref) --redeem--> REDEEMED
 *     ^                       |
 *     +--------release--------+   (the checkout is abandoned, its order cancelled or left unpaid)
 * </pre>
 * A coupon is held by one checkout at a time ({@code heldBy}); holding it again for the same
 * checkout changes nothing. A REDEEMED coupon keeps the ref it was redeemed by. Any other move
 * throws {@link IllegalPromotionTransition}.
 */
public record Coupon(String code, String templateId, String customerId, State state, String heldBy) {

    public enum State {
        AVAILABLE, HELD, REDEEMED
    }

    public Coupon {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(state, "state");
        if ((state == State.AVAILABLE) != (heldBy == null)) {
            throw new IllegalArgumentException("a coupon is held by a checkout exactly when it is not AVAILABLE");
        }
    }

    public static Coupon claimed(String code, String templateId, String customerId) {
        return new Coupon(code, templateId, customerId, State.AVAILABLE, null);
    }

    /** Whether checkout {@code ref} holds it now. */
    public boolean heldFor(String ref) {
        return state == State.HELD && heldBy.equals(ref);
    }

    public Coupon hold(String ref) {
        Objects.requireNonNull(ref, "ref");
        if (heldFor(ref)) {
            return this;
        }
        require(State.AVAILABLE, State.HELD);
        return new Coupon(code, templateId, customerId, State.HELD, ref);
    }

    public Coupon redeem() {
        require(State.HELD, State.REDEEMED);
        return new Coupon(code, templateId, customerId, State.REDEEMED, heldBy);
    }

    public Coupon release() {
        require(State.HELD, State.AVAILABLE);
        return new Coupon(code, templateId, customerId, State.AVAILABLE, null);
    }

    private void require(State from, State to) {
        if (state != from) {
            throw new IllegalPromotionTransition("coupon", code, state, to);
        }
    }
}
