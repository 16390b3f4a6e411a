package io.emporium.promotion.domain;

import static io.emporium.promotion.domain.Transitions.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.kernel.FlashSaleId;
import io.emporium.kernel.Money;
import io.emporium.promotion.domain.FlashSale.Phase;
import io.emporium.promotion.domain.FlashSale.State;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A flash sale: SCHEDULED → SETTLED once over, or SCHEDULED → CANCELLED; both final. The clock gives its phase. */
class FlashSaleLifecycleTest {

    static final Instant STARTS = Instant.parse("2026-11-11T00:00:00Z");
    static final Instant ENDS = STARTS.plus(Duration.ofHours(1));
    static final Instant BEFORE = STARTS.minusSeconds(1);
    static final Instant DURING = STARTS.plusSeconds(60);

    static FlashSale scheduled() {
        return FlashSale.scheduled(new FlashSaleId("fls_1"), "sku_1", "prd_1", "Tea", "mer_1", Money.of("99", "CNY"),
                Money.of("19.90", "CNY"), 100, 2, STARTS, ENDS, "pool-fls_1", 4, "acc_1", BEFORE);
    }

    @Test
    void a_scheduled_sale_is_upcoming_then_active_then_ended_by_the_clock() {
        FlashSale sale = scheduled();
        assertThat(sale.state()).isEqualTo(State.SCHEDULED);
        assertThat(sale.phase(BEFORE)).isEqualTo(Phase.UPCOMING);
        assertThat(sale.phase(STARTS)).isEqualTo(Phase.ACTIVE);
        assertThat(sale.phase(ENDS.minusNanos(1))).isEqualTo(Phase.ACTIVE);
        assertThat(sale.phase(ENDS)).isEqualTo(Phase.ENDED);
    }

    @Test
    void a_scheduled_sale_sells_in_its_window_and_is_open_until_its_end() {
        FlashSale sale = scheduled();
        assertThat(sale.activeAt(BEFORE)).isFalse();
        assertThat(sale.activeAt(DURING)).isTrue();
        assertThat(sale.activeAt(ENDS)).isFalse();
        assertThat(sale.openAt(BEFORE)).as("units may come back before it starts").isTrue();
        assertThat(sale.openAt(DURING)).isTrue();
        assertThat(sale.openAt(ENDS)).isFalse();
        assertThat(sale.settleableAt(DURING)).isFalse();
        assertThat(sale.settleableAt(ENDS)).isTrue();
    }

    @Test
    void a_sale_that_is_over_is_settled_and_then_neither_sells_nor_is_open() {
        FlashSale settled = scheduled().settle(ENDS);
        assertThat(settled.state()).isEqualTo(State.SETTLED);
        assertThat(settled.openAt(BEFORE)).isFalse();
        assertThat(settled.activeAt(DURING)).isFalse();
        assertThat(settled.settleableAt(ENDS)).isFalse();
    }

    @Test
    void a_sale_still_running_is_not_settled() {
        refused(scheduled(), s -> s.settle(DURING), "flash sale", "fls_1", State.SCHEDULED, State.SETTLED);
        refused(scheduled(), s -> s.settle(BEFORE), "flash sale", "fls_1", State.SCHEDULED, State.SETTLED);
    }

    @Test
    void a_scheduled_sale_is_cancelled_and_then_sells_no_more() {
        FlashSale cancelled = scheduled().cancel();
        assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
        assertThat(cancelled.activeAt(DURING)).isFalse();
        assertThat(cancelled.openAt(DURING)).isFalse();
    }

    @Test
    void a_settled_sale_is_neither_settled_again_nor_cancelled() {
        FlashSale settled = scheduled().settle(ENDS);
        refused(settled, s -> s.settle(ENDS), "flash sale", "fls_1", State.SETTLED, State.SETTLED);
        refused(settled, FlashSale::cancel, "flash sale", "fls_1", State.SETTLED, State.CANCELLED);
    }

    @Test
    void a_cancelled_sale_is_neither_settled_nor_cancelled_again() {
        FlashSale cancelled = scheduled().cancel();
        refused(cancelled, s -> s.settle(ENDS), "flash sale", "fls_1", State.CANCELLED, State.SETTLED);
        refused(cancelled, FlashSale::cancel, "flash sale", "fls_1", State.CANCELLED, State.CANCELLED);
    }
}
