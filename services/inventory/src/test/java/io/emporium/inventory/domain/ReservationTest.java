package io.emporium.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.kernel.SkuId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReservationTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final Instant EXPIRY = NOW.plusSeconds(900);

    static Reservation reserved() {
        return Reservation.place("res_1", "ord_1",
                List.of(new ReservationLine(new SkuId("sku_b"), 2), new ReservationLine(new SkuId("sku_a"), 1)), EXPIRY, NOW);
    }

    @Test
    void confirming_before_expiry_sells_once() {
        Reservation r = reserved();
        assertThat(r.confirm(NOW.plusSeconds(10))).isTrue();
        assertThat(r.status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(r.confirm(NOW.plusSeconds(20))).isFalse();
    }

    @Test
    void a_reservation_past_its_expiry_cannot_be_confirmed_even_before_the_job_ran() {
        Reservation r = reserved();
        assertThatThrownBy(() -> r.confirm(EXPIRY)).isInstanceOf(IllegalReservationTransition.class)
                .hasMessageContaining("EXPIRED");
        assertThat(r.status()).isEqualTo(ReservationStatus.RESERVED);
    }

    @Test
    void releasing_is_idempotent_and_refused_after_confirmation() {
        Reservation released = reserved();
        assertThat(released.release()).isTrue();
        assertThat(released.release()).isFalse();
        assertThatThrownBy(() -> released.confirm(NOW)).hasMessageContaining("RELEASED");

        Reservation confirmed = reserved();
        confirmed.confirm(NOW);
        assertThatThrownBy(confirmed::release).isInstanceOf(IllegalReservationTransition.class)
                .hasMessageContaining("CONFIRMED");
    }

    @Test
    void expiry_applies_only_to_due_reserved_reservations() {
        Reservation r = reserved();
        assertThat(r.expire(EXPIRY.minusMillis(1))).isFalse();
        assertThat(r.expire(EXPIRY)).isTrue();
        assertThat(r.status()).isEqualTo(ReservationStatus.EXPIRED);
        assertThat(r.expire(EXPIRY.plusSeconds(1))).isFalse();
        assertThat(r.release()).isFalse();
    }

    @Test
    void lines_are_kept_in_sku_order_so_that_locks_are_taken_in_one_order() {
        assertThat(reserved().lines()).extracting(l -> l.sku().value()).containsExactly("sku_a", "sku_b");
    }

    @Test
    void invalid_reservations_are_refused() {
        assertThatThrownBy(() -> Reservation.place("r", "o", List.of(), EXPIRY, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reservation.place("r", "o", List.of(new ReservationLine(new SkuId("s"), 1)), NOW, NOW))
                .hasMessageContaining("future");
        assertThatThrownBy(() -> Reservation.place("r", "o",
                List.of(new ReservationLine(new SkuId("s"), 1), new ReservationLine(new SkuId("s"), 2)), EXPIRY, NOW))
                .hasMessageContaining("once");
        assertThatThrownBy(() -> new ReservationLine(new SkuId("s"), -1)).isInstanceOf(IllegalArgumentException.class);
        // a pool's line may be used up (0 left), but nobody reserves zero units
        assertThatThrownBy(() -> Reservation.place("r", "o", List.of(new ReservationLine(new SkuId("s"), 0)), EXPIRY, NOW))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Reservation.place("r", "o", List.of(new ReservationLine(new SkuId("s"), 1, "pool-x")), EXPIRY,
                NOW, true)).hasMessageContaining("pool");
    }

    @Test
    void a_repeated_request_is_recognised_whatever_the_line_order() {
        Reservation r = reserved();
        assertThat(r.sameRequestAs("ord_1", List.of(new ReservationLine(new SkuId("sku_a"), 1),
                new ReservationLine(new SkuId("sku_b"), 2)))).isTrue();
        assertThat(r.sameRequestAs("ord_1", List.of(new ReservationLine(new SkuId("sku_a"), 1)))).isFalse();
        assertThat(r.sameRequestAs("ord_2", r.lines())).isFalse();
    }
}
