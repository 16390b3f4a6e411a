package io.emporium.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.coordination.ZooKeeperEndpoint;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.launcher.EmporiumApplication;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two application contexts over loopback: the shared platform (A) runs inventory; a second
 * process-like context (B) runs only the catalog, on the same database and ZooKeeper, and reaches
 * inventory through InventoryApi bound to an HTTP client, at the instance A registered in ZooKeeper
 * (no URL is configured). What B's catalog reports and writes must be what A's inventory holds.
 */
@PlatformTest
class HttpBindingTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    ZooKeeperEndpoint zooKeeper;
    @Autowired
    javax.sql.DataSource dataSource;
    @Autowired
    InventoryApi localInventory;

    ConfigurableApplicationContext catalogOnly;
    Api catalogApi;

    @BeforeEach
    void startCatalogElsewhere() throws Exception {
        String jdbcUrl;
        try (var connection = dataSource.getConnection()) {
            jdbcUrl = connection.getMetaData().getURL();
        }
        catalogOnly = new SpringApplicationBuilder(EmporiumApplication.class)
                .profiles("test")
                .run("--server.port=0",
                        "--emporium.services=catalog",
                        "--spring.datasource.url=" + jdbcUrl,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=" + dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class).getPassword(),
                        "--emporium.zookeeper.connect-string=" + zooKeeper.connectString(),
                        "--emporium.demo.enabled=false");
        int catalogPort = ((WebServerApplicationContext) catalogOnly).getWebServer().getPort();
        catalogApi = new Api(catalogPort);
    }

    @AfterEach
    void stop() {
        if (catalogOnly != null) {
            catalogOnly.close();
        }
    }

    @Test
    void the_catalog_in_another_context_talks_to_inventory_over_http() {
        InventoryApi remote = catalogOnly.getBean(InventoryApi.class);
        assertThat(remote.getClass().getName()).doesNotContain("InventoryInternalController");
        assertThat(localInventory.getClass().getName()).contains("InventoryInternalController");

        // a merchant creates a product through B: B registers its SKU with A's inventory over HTTP
        Fixtures.Merchant merchant = fixtures.merchant(new Api(port));
        Api merchantAtB = catalogApi.as(merchant.api().token());
        Api.Response created = merchantAtB.post("/api/catalog/products", Map.of(
                "categoryId", Fixtures.category(catalogApi), "name", Fixtures.unique("Remote Kettle "),
                "description", "Made in another process.", "publish", true,
                "skus", List.of(Fixtures.sku(Fixtures.unique("RK-"), Map.of("colour", "Steel"), "199.00"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String productId = created.json().get("id").asString();
        String skuId = created.json().at("/skus/0/id").asString();
        assertThat(merchant.api().get("/api/inventory/skus/" + skuId).status()).isEqualTo(200);

        // stock received at A shows in B's product detail, fetched by B from A over HTTP
        merchant.api().post("/api/inventory/skus/" + skuId + "/receipts", Map.of("quantity", 12));
        JsonNode detail = catalogApi.get("/api/catalog/products/" + productId).json();
        assertThat(detail.at("/skus/0/availability/available").asLong()).isEqualTo(12);
        assertThat(detail.at("/skus/0/availability/state").asString()).isEqualTo("IN_STOCK");

        // B does not serve inventory itself
        assertThat(catalogApi.as(merchant.api().token()).get("/api/inventory/skus/" + skuId).status()).isEqualTo(404);
    }
}
