package io.emporium.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class MoneyTest {

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

    @Property
    void times_is_repeated_addition(@ForAll @LongRange(min = 0, max = 10_000_000) long cents,
            @ForAll @IntRange(min = 0, max = 50) int quantity) {
        Money unit = new Money(BigDecimal.valueOf(cents, 2), Money.currencyOf("CNY"));
        Money sum = Money.zero(unit.currency());
        for (int i = 0; i < quantity; i++) {
            sum = sum.plus(unit);
        }
        assertThat(unit.times(quantity)).isEqualTo(sum);
    }
}
