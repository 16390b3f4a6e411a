package io.emporium.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class MoneyTest {

    /**
     * Base seed of the randomized tests: {@code -Demporium.test.seed=N} to reproduce a failure, random otherwise.
     * Repetition r uses seed {@code BASE_SEED + r - 1}, and a failure names it.
     */
    static final long BASE_SEED = Long.getLong("emporium.test.seed", System.nanoTime());

    @Test
    void amounts_are_kept_at_the_currency_scale() {
        assertThat(Money.of("12.5", "CNY").amount()).isEqualByComparingTo("12.50");
        assertThat(Money.of("12.5", "CNY").amount().scale()).isEqualTo(2);
        assertThat(Money.of("1200", "JPY").amount().scale()).isZero();
    }

    @Test
    void more_decimals_than_the_currency_allows_are_refused_not_rounded() {
        assertThatThrownBy(() -> Money.of("1.005", "CNY")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decimals");
        assertThatThrownBy(() -> Money.of("10.5", "JPY")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mixing_currencies_is_refused() {
        assertThatThrownBy(() -> Money.of("1.00", "CNY").plus(Money.of("1.00", "USD")))
                .isInstanceOf(Money.CurrencyMismatchException.class);
        assertThatThrownBy(() -> Money.of("1.00", "CNY").compareTo(Money.of("1.00", "EUR")))
                .isInstanceOf(Money.CurrencyMismatchException.class);
    }

    @Test
    void unknown_or_malformed_currencies_are_refused() {
        assertThatThrownBy(() -> Money.of("1", "XYZ")).hasMessageContaining("unknown currency");
        assertThatThrownBy(() -> Money.of("1", "cny")).hasMessageContaining("ISO 4217");
        assertThatThrownBy(() -> Money.of("1", null)).hasMessageContaining("ISO 4217");
    }

    @Test
    void arithmetic() {
        Money price = Money.of("19.90", "CNY");
        assertThat(price.times(3)).isEqualTo(Money.of("59.70", "CNY"));
        assertThat(price.plus(price).minus(price)).isEqualTo(price);
        assertThat(Money.zero(price.currency()).isPositive()).isFalse();
    }

    /** 1000 random cases: 0.00–100000.00 CNY times 0–50, one draw in ten at an end of its range. */
    @RepeatedTest(1000)
    void times_is_repeated_addition(RepetitionInfo repetition) {
        long seed = BASE_SEED + repetition.getCurrentRepetition() - 1;
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        long cents = between(random, 0, 10_000_000);
        int quantity = (int) between(random, 0, 50);
        Money unit = new Money(BigDecimal.valueOf(cents, 2), Money.currencyOf("CNY"));
        Money sum = Money.zero(unit.currency());
        for (int i = 0; i < quantity; i++) {
            sum = sum.plus(unit);
        }
        assertThat(unit.times(quantity)).as("%s times %d (seed %d: reproduce with -Demporium.test.seed=%d)", unit,
                quantity, seed, seed).isEqualTo(sum);
    }

    static long between(RandomGenerator random, long min, long max) {
        int edge = random.nextInt(20);
        return edge == 0 ? min : edge == 1 ? max : random.nextLong(min, max + 1);
    }
}
