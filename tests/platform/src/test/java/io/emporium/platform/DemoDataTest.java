package io.emporium.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.launcher.demo.DemoData;
import io.emporium.testing.Api;
import io.emporium.testing.PlatformTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@PlatformTest
class DemoDataTest {

    @LocalServerPort
    int port;
    @Autowired
    io.emporium.launcher.demo.DemoPromotions promotions;
    @Autowired
    DemoData demo;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    io.emporium.launcher.demo.DemoSeeding seeding;

    long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void the_demo_marketplace_is_there_with_stock_for_each_sku() {
        assertThat(count("SELECT count(DISTINCT merchant_id) FROM catalog.product WHERE merchant_id LIKE 'mer_demo_%'"))
                .isEqualTo(3);
        assertThat(count("SELECT count(*) FROM catalog.category")).isGreaterThanOrEqualTo(8);
        assertThat(count("SELECT count(*) FROM catalog.category WHERE parent_id IS NOT NULL")).isGreaterThan(0);
        assertThat(count("SELECT count(*) FROM catalog.product WHERE merchant_id LIKE 'mer_demo_%' AND status = 'PUBLISHED'"))
                .isGreaterThanOrEqualTo(60);
        assertThat(count("SELECT count(*) FROM catalog.sku WHERE merchant_id LIKE 'mer_demo_%'")).isGreaterThanOrEqualTo(150);
        assertThat(count("""
                SELECT count(*) FROM inventory.stock_item WHERE merchant_id LIKE 'mer_demo_%'""")).isEqualTo(
                count("SELECT count(*) FROM catalog.sku WHERE merchant_id LIKE 'mer_demo_%'"));
        assertThat(count("SELECT count(*) FROM inventory.stock_item WHERE merchant_id LIKE 'mer_demo_%' AND received > 0"))
                .isGreaterThan(140);
    }

    @Test
    void the_demo_promotions_are_on_and_seeding_them_again_adds_nothing() {
        Api api = new Api(port).anonymous();
        List<String> states = api.get("/api/promotions/flash-sales").json().valueStream()
                .filter(s -> s.get("id").asString().startsWith("fls_demo_")).map(s -> s.get("state").asString()).toList();
        assertThat(states).contains("ACTIVE", "UPCOMING");
        assertThat(api.get("/api/promotions/coupon-templates").json().valueStream().map(t -> t.get("id").asString()))
                .contains("cpt_demo_welcome", "cpt_demo_volt10");
        List<String> tables = List.of("promotion.flash_sale", "promotion.coupon_template", "promotion.threshold_discount",
                "promotion.price_schedule");
        List<Long> before = tables.stream().map(t -> count("SELECT count(*) FROM " + t)).toList();
        long reserved = count("SELECT coalesce(sum(reserved), 0) FROM inventory.stock_item WHERE merchant_id LIKE 'mer_demo_%'");
        java.util.Map<String, String> skuIds = demo.seed().skuIds();
        promotions.seed(skuIds);
        promotions.refreshFlashSales(skuIds);
        assertThat(tables.stream().map(t -> count("SELECT count(*) FROM " + t)).toList()).isEqualTo(before);
        assertThat(count("SELECT coalesce(sum(reserved), 0) FROM inventory.stock_item WHERE merchant_id LIKE 'mer_demo_%'"))
                .as("no stock set aside twice").isEqualTo(reserved);
    }

    @Test
    void seeding_again_adds_nothing() {
        List<String> tables = List.of("identity.account", "catalog.category", "catalog.product", "catalog.sku",
                "inventory.stock_item", "inventory.receipt");
        List<Long> before = tables.stream().map(t -> count("SELECT count(*) FROM " + t)).toList();
        long received = count("SELECT coalesce(sum(received), 0) FROM inventory.stock_item WHERE merchant_id LIKE 'mer_demo_%'");
        demo.seed();
        assertThat(tables.stream().map(t -> count("SELECT count(*) FROM " + t)).toList()).isEqualTo(before);
        assertThat(count("SELECT coalesce(sum(received), 0) FROM inventory.stock_item WHERE merchant_id LIKE 'mer_demo_%'"))
                .isEqualTo(received);
    }

    @Test
    void the_data_directory_remembers_that_it_was_seeded_and_the_demo_sku_ids() {
        assertThat(count("SELECT count(*) FROM launcher.demo_seeding WHERE completed_at IS NOT NULL"))
                .as("marketplace and promotions").isEqualTo(2);
        String skus = jdbc.sql("SELECT sku_ids::text FROM launcher.demo_seeding WHERE part = 'marketplace'").query(String.class)
                .single();
        assertThat(skus).contains("RO-001-NAVY-XL").contains(jdbc.sql("SELECT id FROM catalog.sku WHERE code = 'RO-001-NAVY-XL'")
                .query(String.class).single());
    }

    @Test
    void a_start_after_a_merchant_renamed_a_demo_product_seeds_nothing_and_keeps_the_name() {
        String product = jdbc.sql("SELECT id FROM catalog.product WHERE merchant_id = 'mer_demo_m2' ORDER BY name LIMIT 1")
                .query(String.class).single();
        String name = jdbc.sql("SELECT name FROM catalog.product WHERE id = ?").param(product).query(String.class).single();
        long products = count("SELECT count(*) FROM catalog.product");
        try {
            jdbc.sql("UPDATE catalog.product SET name = 'Renamed by merchant 2' WHERE id = ?").param(product).update();
            assertThat(seeding.run(java.util.Set.of("identity", "catalog", "inventory", "promotion"))).isTrue();
            assertThat(count("SELECT count(*) FROM catalog.product")).isEqualTo(products);
            assertThat(jdbc.sql("SELECT name FROM catalog.product WHERE id = ?").param(product).query(String.class).single())
                    .isEqualTo("Renamed by merchant 2");
        } finally {
            jdbc.sql("UPDATE catalog.product SET name = ? WHERE id = ?").param(name).param(product).update();
        }
    }

    @Test
    void a_seeding_problem_is_reported_and_does_not_throw() {
        long products = count("SELECT count(*) FROM catalog.product");
        jdbc.sql("ALTER TABLE launcher.demo_seeding RENAME TO demo_seeding_hidden").update();
        try {
            assertThat(seeding.run(java.util.Set.of("identity", "catalog", "inventory", "promotion"))).isFalse();
        } finally {
            jdbc.sql("ALTER TABLE launcher.demo_seeding_hidden RENAME TO demo_seeding").update();
        }
        assertThat(count("SELECT count(*) FROM catalog.product")).isEqualTo(products);
    }

    @Test
    void every_demo_account_signs_in() {
        Api api = new Api(port);
        for (String email : List.of("alice", "bob", "merchant1", "merchant2", "merchant3", "admin")) {
            assertThat(api.signedIn(email + "@demo.emporium", DemoData.PASSWORD).token()).isNotBlank();
        }
    }
}
