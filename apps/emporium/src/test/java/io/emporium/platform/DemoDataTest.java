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
    DemoData demo;
    @Autowired
    JdbcClient jdbc;

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
    void every_demo_account_signs_in() {
        Api api = new Api(port);
        for (String email : List.of("alice", "bob", "merchant1", "merchant2", "merchant3", "admin")) {
            assertThat(api.signedIn(email + "@demo.emporium", DemoData.PASSWORD).token()).isNotBlank();
        }
    }
}
