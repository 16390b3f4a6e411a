package io.emporium.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void generated_ids_are_valid_and_carry_their_prefix() {
        assertThat(SkuId.newId().value()).startsWith("sku_").matches("[a-z0-9_]+");
        assertThat(new MerchantId("m1").value()).isEqualTo("m1");
    }

    @Test
    void ids_with_odd_characters_or_length_are_refused() {
        assertThatThrownBy(() -> new SkuId("a b")).hasMessageContaining("sku id");
        assertThatThrownBy(() -> new ProductId("")).hasMessageContaining("product id");
        assertThatThrownBy(() -> new CustomerId("x".repeat(65))).hasMessageContaining("customer id");
        assertThatThrownBy(() -> new MerchantId("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void page_requests_are_bounded() {
        assertThatThrownBy(() -> new PageRequest(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PageRequest(0, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PageRequest(3, 20).offset()).isEqualTo(60);
    }
}
