package io.emporium.promotion.domain;

import static io.emporium.promotion.domain.Transitions.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.emporium.kernel.Money;
import io.emporium.promotion.domain.PriceSchedule.State;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A time-limited price: ACTIVE → CANCELLED, final. */
class PriceScheduleLifecycleTest {

    static final Instant FROM = Instant.parse("2026-11-11T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2026-11-12T00:00:00Z");

    static PriceSchedule active() {
        return new PriceSchedule("prs_1", "mer_1", "sku_1", Money.of("9.90", "CNY"), FROM, UNTIL, State.ACTIVE, FROM);
    }

    @Test
    void an_active_schedule_is_cancelled_and_keeps_its_terms() {
        PriceSchedule cancelled = active().cancel();
        assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
        assertThat(cancelled.price()).isEqualTo(active().price());
        assertThat(cancelled.startsAt()).isEqualTo(FROM);
    }

    @Test
    void a_cancelled_schedule_is_not_cancelled_again() {
        refused(active().cancel(), PriceSchedule::cancel, "price schedule", "prs_1", State.CANCELLED, State.CANCELLED);
    }

    @Test
    void a_schedule_ends_after_it_starts() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PriceSchedule("prs_1", "mer_1", "sku_1",
                Money.of("9.90", "CNY"), UNTIL, FROM, State.ACTIVE, FROM));
    }
}
