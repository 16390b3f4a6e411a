package io.emporium.promotion.domain;

import static io.emporium.promotion.domain.Transitions.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.promotion.domain.PricingHold.State;
import org.junit.jupiter.api.Test;

/** A checkout's pricing hold: HELD → REDEEMED (paid) or HELD → RELEASED (given back); both final. */
class PricingHoldLifecycleTest {

    static PricingHold held() {
        return PricingHold.held("chk_1", "cus_1", "hash", "{}");
    }

    @Test
    void a_new_hold_is_held() {
        assertThat(held().state()).isEqualTo(State.HELD);
        assertThat(held().held()).isTrue();
    }

    @Test
    void a_held_hold_is_redeemed() {
        PricingHold redeemed = held().redeem();
        assertThat(redeemed.state()).isEqualTo(State.REDEEMED);
        assertThat(redeemed.held()).isFalse();
        assertThat(redeemed.quote()).as("the quote it kept").isEqualTo("{}");
    }

    @Test
    void a_held_hold_is_released() {
        assertThat(held().release().state()).isEqualTo(State.RELEASED);
    }

    @Test
    void a_redeemed_hold_is_neither_redeemed_again_nor_released() {
        refused(held().redeem(), PricingHold::redeem, "pricing hold", "chk_1", State.REDEEMED, State.REDEEMED);
        refused(held().redeem(), PricingHold::release, "pricing hold", "chk_1", State.REDEEMED, State.RELEASED);
    }

    @Test
    void a_released_hold_is_neither_redeemed_nor_released_again() {
        refused(held().release(), PricingHold::redeem, "pricing hold", "chk_1", State.RELEASED, State.REDEEMED);
        refused(held().release(), PricingHold::release, "pricing hold", "chk_1", State.RELEASED, State.RELEASED);
    }
}
