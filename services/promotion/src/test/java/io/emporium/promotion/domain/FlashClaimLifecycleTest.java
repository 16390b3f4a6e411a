package io.emporium.promotion.domain;

import static io.emporium.promotion.domain.Transitions.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.emporium.kernel.FlashSaleId;
import io.emporium.promotion.domain.FlashClaim.State;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Flash units claimed: HELD → PAID (sold) or HELD → RELEASED (given back); both final. */
class FlashClaimLifecycleTest {

    static final Instant AT = Instant.parse("2026-11-11T00:00:00Z");
    static final FlashSaleId SALE = new FlashSaleId("fls_1");

    static FlashClaim purchase() {
        return FlashClaim.held("fsp_1", SALE, "fsp_1", "cus_1", 2, 3, AT);
    }

    static FlashClaim checkoutClaim() {
        return FlashClaim.held("fsc_1", SALE, "chk_1", "cus_1", 2, 3, AT);
    }

    @Test
    void a_new_claim_is_held_and_knows_whether_it_is_a_flash_purchase() {
        assertThat(purchase().state()).isEqualTo(State.HELD);
        assertThat(purchase().held()).isTrue();
        assertThat(purchase().isPurchase()).isTrue();
        assertThat(checkoutClaim().isPurchase()).as("a cart checkout's claim: ref is the checkout").isFalse();
    }

    @Test
    void a_held_claim_is_paid_keeping_its_units_and_bucket() {
        FlashClaim paid = purchase().pay();
        assertThat(paid.state()).isEqualTo(State.PAID);
        assertThat(paid.held()).isFalse();
        assertThat(paid.quantity()).isEqualTo(2);
        assertThat(paid.bucket()).isEqualTo(3);
    }

    @Test
    void a_held_claim_is_released() {
        assertThat(checkoutClaim().release().state()).isEqualTo(State.RELEASED);
    }

    @Test
    void a_paid_claim_is_neither_paid_again_nor_released() {
        refused(purchase().pay(), FlashClaim::pay, "flash claim", "fsp_1", State.PAID, State.PAID);
        refused(purchase().pay(), FlashClaim::release, "flash claim", "fsp_1", State.PAID, State.RELEASED);
    }

    @Test
    void a_released_claim_is_neither_paid_nor_released_again() {
        refused(purchase().release(), FlashClaim::pay, "flash claim", "fsp_1", State.RELEASED, State.PAID);
        refused(purchase().release(), FlashClaim::release, "flash claim", "fsp_1", State.RELEASED, State.RELEASED);
    }

    @Test
    void a_claim_is_for_at_least_one_unit() {
        assertThatIllegalArgumentException().isThrownBy(() -> FlashClaim.held("fsp_1", SALE, "fsp_1", "cus_1", 0, 0, AT));
    }
}
