package io.emporium.promotion.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.emporium.kernel.FlashSaleId;
import io.emporium.kernel.Money;
import io.emporium.promotion.domain.FlashSale;
import io.emporium.promotion.application.FlashRepository;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Taking a sale's units from its buckets, as both the purchase batches and cart checkouts do. */
class FlashBucketsTest {

    static final Instant AT = Instant.parse("2026-11-11T00:00:00Z");

    /**
     * The buckets in memory: take and putBack as the SQL does them. The rest of the port is not
     * FlashBuckets' to use, and fails if it does.
     */
    static final class Buckets {
        final int[] remaining;

        Buckets(int... remaining) {
            this.remaining = remaining;
        }

        FlashRepository repository() {
            return (FlashRepository) java.lang.reflect.Proxy.newProxyInstance(FlashRepository.class.getClassLoader(),
                    new Class<?>[] {FlashRepository.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "take" -> take((int) args[1], (int) args[2]);
                        case "putBack" -> {
                            remaining[(int) args[1]] += (int) args[2];
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private int take(int bucket, int want) {
            int took = Math.min(remaining[bucket], want);
            remaining[bucket] -= took;
            return took;
        }

        int total() {
            return Arrays.stream(remaining).sum();
        }
    }

    static FlashSale sale(int buckets) {
        return FlashSale.scheduled(new FlashSaleId("fls_1"), "sku_1", "prd_1", "Tea", "mer_1", Money.of("99", "CNY"),
                Money.of("19.90", "CNY"), 100, 5, AT, AT.plusSeconds(3600), "pool-fls_1", buckets, "acc_1", AT);
    }

    @Test
    void units_come_from_the_starting_bucket_first_and_then_the_next_ones_around() {
        Buckets buckets = new Buckets(3, 0, 2, 4);
        FlashBuckets.Taken taken = new FlashBuckets(buckets.repository()).take(sale(4), 6, 2);
        assertThat(taken.takes()).containsExactly(new FlashBuckets.Take(2, 2), new FlashBuckets.Take(3, 4));
        assertThat(taken.total()).isEqualTo(6);
        assertThat(buckets.remaining).containsExactly(3, 0, 0, 0);
    }

    @Test
    void a_start_beyond_the_buckets_wraps_around() {
        Buckets buckets = new Buckets(1, 1, 1);
        FlashBuckets.Taken taken = new FlashBuckets(buckets.repository()).take(sale(3), 2, 65_536 + 2);
        assertThat(taken.takes()).extracting(FlashBuckets.Take::bucket).containsExactly((65_536 + 2) % 3, (65_536 + 3) % 3);
    }

    @Test
    void dry_buckets_give_what_they_have() {
        Buckets buckets = new Buckets(1, 2);
        FlashBuckets.Taken taken = new FlashBuckets(buckets.repository()).take(sale(2), 10, 0);
        assertThat(taken.total()).isEqualTo(3);
        assertThat(buckets.total()).isZero();
        assertThat(new FlashBuckets(new Buckets(0, 0).repository()).take(sale(2), 1, 0).takes()).isEmpty();
    }

    @Test
    void each_unit_is_booked_to_the_bucket_it_came_from() {
        FlashBuckets.Taken taken = new FlashBuckets.Taken(List.of(new FlashBuckets.Take(2, 2), new FlashBuckets.Take(0, 1)));
        assertThat(taken.bucketOf(0)).isEqualTo(2);
        assertThat(taken.bucketOf(1)).isEqualTo(2);
        assertThat(taken.bucketOf(2)).isEqualTo(0);
        assertThatIllegalArgumentException().isThrownBy(() -> taken.bucketOf(3));
    }

    @Test
    void units_not_used_go_back_to_the_last_bucket_taken_from_and_none_are_lost() {
        Buckets buckets = new Buckets(2, 2, 2);
        FlashBuckets stock = new FlashBuckets(buckets.repository());
        FlashBuckets.Taken taken = stock.take(sale(3), 5, 0);
        stock.putBackUnused(sale(3), taken, 3);
        assertThat(buckets.remaining).containsExactly(0, 0, 3);
        assertThat(buckets.total() + 3).as("left + used = stock").isEqualTo(6);
        stock.putBackUnused(sale(3), stock.take(sale(3), 0, 0), 0);
        assertThat(buckets.total()).as("nothing taken, nothing given back").isEqualTo(3);
        assertThatIllegalArgumentException().isThrownBy(() -> stock.putBackUnused(sale(3), taken, 6));
    }

    @Test
    void everything_taken_can_go_back_where_it_came_from() {
        Buckets buckets = new Buckets(1, 0, 2);
        FlashBuckets stock = new FlashBuckets(buckets.repository());
        FlashBuckets.Taken taken = stock.take(sale(3), 3, 2);
        stock.putBackAll(sale(3), taken);
        assertThat(buckets.remaining).containsExactly(1, 0, 2);
    }
}
