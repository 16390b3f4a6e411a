package io.emporium.catalog.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.kernel.MerchantId;
import io.emporium.kernel.Money;
import io.emporium.kernel.SkuId;
import io.emporium.kernel.StateConflict;
import io.emporium.kernel.RuleViolation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    static Sku sku(String code, Map<String, String> attributes, String price) {
        return new Sku(SkuId.newId(), code, attributes, Money.of(price, "CNY"));
    }

    static Product lantern() {
        return Product.draft(new MerchantId("mer_1"), "cat_1", "Lantern", "Warm light",
                List.of(sku("L-RED", Map.of("colour", "Red"), "59.90")), NOW);
    }

    @Test
    void drafts_are_published_and_withdrawn() {
        Product p = lantern();
        assertThat(p.status()).isEqualTo(ProductStatus.DRAFT);
        assertThatThrownBy(() -> p.unpublish(NOW)).isInstanceOf(IllegalProductTransition.class).hasMessageContaining("DRAFT");
        p.publish(NOW);
        assertThat(p.status()).isEqualTo(ProductStatus.PUBLISHED);
        p.unpublish(NOW);
        assertThat(p.status()).isEqualTo(ProductStatus.UNPUBLISHED);
        p.unpublish(NOW);
        p.publish(NOW);
        assertThat(p.status()).isEqualTo(ProductStatus.PUBLISHED);
    }

    @Test
    void skus_share_one_currency_and_differ_in_attributes_and_code() {
        Product p = lantern();
        assertThatThrownBy(() -> p.addSku(new Sku(SkuId.newId(), "L-USD", Map.of("colour", "Blue"), Money.of("9.00", "USD")), NOW))
                .isInstanceOf(RuleViolation.class).hasMessageContaining("one currency");
        assertThatThrownBy(() -> p.addSku(sku("L-RED2", Map.of("colour", "Red"), "60.00"), NOW))
                .isInstanceOf(RuleViolation.class).hasMessageContaining("same attributes");
        assertThatThrownBy(() -> p.addSku(sku("l-red", Map.of("colour", "Green"), "60.00"), NOW))
                .isInstanceOf(StateConflict.class);
        p.addSku(sku("L-BLUE", Map.of("colour", "Blue"), "61.00"), NOW);
        assertThat(p.skus()).hasSize(2);
    }

    @Test
    void prices_are_positive_and_bounded() {
        assertThatThrownBy(() -> sku("X", Map.of(), "0.00")).isInstanceOf(RuleViolation.class);
        assertThatThrownBy(() -> sku("X", Map.of(), "-5.00")).isInstanceOf(RuleViolation.class);
        assertThatThrownBy(() -> sku("X", Map.of(), "10000000.00")).isInstanceOf(RuleViolation.class);
        assertThat(sku("x-1", Map.of(), "9999999.99").code()).isEqualTo("X-1");
    }

    @Test
    void attribute_names_and_values_are_checked() {
        assertThatThrownBy(() -> sku("X", Map.of("Colour", "Red"), "1.00")).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> sku("X", Map.of("colour", " "), "1.00")).hasMessageContaining("value");
        assertThatThrownBy(() -> sku("X", Map.of("colour", "r".repeat(65)), "1.00")).hasMessageContaining("value");
    }

    @Test
    void a_product_needs_a_name_and_a_sku() {
        assertThatThrownBy(() -> Product.draft(new MerchantId("m"), "c", " ", "", List.of(sku("X", Map.of(), "1.00")), NOW))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> Product.draft(new MerchantId("m"), "c", "Name", "", List.of(), NOW))
                .hasMessageContaining("SKU");
    }

    @Test
    void repricing_a_sku_keeps_the_others() {
        Product p = lantern();
        p.addSku(sku("L-BLUE", Map.of("colour", "Blue"), "61.00"), NOW);
        SkuId blue = p.skus().get(1).id();
        p.changeSku(blue, Money.of("55.00", "CNY"), null, NOW);
        assertThat(p.skus().get(1).price()).isEqualTo(Money.of("55.00", "CNY"));
        assertThat(p.skus().get(0).price()).isEqualTo(Money.of("59.90", "CNY"));
    }
}
