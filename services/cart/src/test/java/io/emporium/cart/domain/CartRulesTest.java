package io.emporium.cart.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.kernel.RuleViolation;
import org.junit.jupiter.api.Test;

class CartRulesTest {

    final CartRules rules = new CartRules(99, 50);

    @Test
    void quantities_are_between_one_and_the_per_line_limit() {
        assertThat(rules.checkQuantity(1)).isEqualTo(1);
        assertThat(rules.checkQuantity(99)).isEqualTo(99);
        assertThatThrownBy(() -> rules.checkQuantity(0)).isInstanceOf(RuleViolation.class);
        assertThatThrownBy(() -> rules.checkQuantity(100)).hasMessageContaining("99");
        assertThatThrownBy(() -> rules.checkQuantity(Long.MAX_VALUE)).isInstanceOf(RuleViolation.class);
    }

    @Test
    void a_cart_has_a_limited_number_of_lines() {
        rules.checkLineCount(50);
        assertThatThrownBy(() -> rules.checkLineCount(51)).hasMessageContaining("50");
    }
}
