package io.emporium.promotion.domain;

import static io.emporium.promotion.domain.Transitions.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.emporium.promotion.domain.Coupon.State;
import org.junit.jupiter.api.Test;

/** A coupon: AVAILABLE → HELD(ref) → REDEEMED, and HELD → AVAILABLE when released (or expired). */
class CouponLifecycleTest {

    static final String CODE = "CPN-ABCDEFGHJKLM";

    static Coupon available() {
        return Coupon.claimed(CODE, "cpt_1", "cus_1");
    }

    static Coupon heldBy(String ref) {
        return available().hold(ref);
    }

    static Coupon redeemed() {
        return heldBy("chk_1").redeem();
    }

    @Test
    void a_claimed_coupon_is_available_and_held_by_nobody() {
        assertThat(available().state()).isEqualTo(State.AVAILABLE);
        assertThat(available().heldBy()).isNull();
        assertThat(available().heldFor("chk_1")).isFalse();
    }

    @Test
    void an_available_coupon_is_held_by_one_checkout() {
        Coupon held = available().hold("chk_1");
        assertThat(held.state()).isEqualTo(State.HELD);
        assertThat(held.heldBy()).isEqualTo("chk_1");
        assertThat(held.heldFor("chk_1")).isTrue();
        assertThat(held.heldFor("chk_2")).isFalse();
    }

    @Test
    void holding_it_again_for_the_same_checkout_changes_nothing() {
        Coupon held = heldBy("chk_1");
        assertThat(held.hold("chk_1")).isEqualTo(held);
    }

    @Test
    void a_held_coupon_is_redeemed_and_keeps_the_checkout_that_used_it() {
        Coupon used = heldBy("chk_1").redeem();
        assertThat(used.state()).isEqualTo(State.REDEEMED);
        assertThat(used.heldBy()).isEqualTo("chk_1");
        assertThat(used.heldFor("chk_1")).as("no longer held: used").isFalse();
    }

    @Test
    void a_held_coupon_is_released_back_to_available() {
        Coupon released = heldBy("chk_1").release();
        assertThat(released.state()).isEqualTo(State.AVAILABLE);
        assertThat(released.heldBy()).isNull();
        assertThat(released.hold("chk_2").heldBy()).as("and can be held by another checkout").isEqualTo("chk_2");
    }

    @Test
    void an_available_coupon_is_neither_redeemed_nor_released() {
        refused(available(), Coupon::redeem, "coupon", CODE, State.AVAILABLE, State.REDEEMED);
        refused(available(), Coupon::release, "coupon", CODE, State.AVAILABLE, State.AVAILABLE);
    }

    @Test
    void a_coupon_held_by_one_checkout_is_not_held_by_another() {
        refused(heldBy("chk_1"), c -> c.hold("chk_2"), "coupon", CODE, State.HELD, State.HELD);
    }

    @Test
    void a_redeemed_coupon_moves_no_more() {
        refused(redeemed(), c -> c.hold("chk_2"), "coupon", CODE, State.REDEEMED, State.HELD);
        refused(redeemed(), c -> c.hold("chk_1"), "coupon", CODE, State.REDEEMED, State.HELD);
        refused(redeemed(), Coupon::redeem, "coupon", CODE, State.REDEEMED, State.REDEEMED);
        refused(redeemed(), Coupon::release, "coupon", CODE, State.REDEEMED, State.AVAILABLE);
    }

    @Test
    void a_coupon_is_held_by_a_checkout_exactly_when_it_is_not_available() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Coupon(CODE, "cpt_1", "cus_1", State.AVAILABLE, "chk_1"));
        assertThatIllegalArgumentException().isThrownBy(() -> new Coupon(CODE, "cpt_1", "cus_1", State.HELD, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new Coupon(CODE, "cpt_1", "cus_1", State.REDEEMED, null));
    }
}
