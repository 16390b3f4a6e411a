package io.emporium.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Demo data is seeded once per data directory: after users changed it, the platform starts again
 * and leaves their changes alone, and even a seeding that fails (here: an interrupted first seeding
 * resumed after a merchant renamed a demo product) does not stop the start.
 */
class DemoRestartTest {

    @TempDir
    Path tmp;

    @Test
    void a_restart_after_users_edited_the_demo_starts_and_seeds_nothing_again_and_a_failed_seeding_does_not_stop_it() {
        Path data = tmp.resolve("data");
        String renamedId;
        String unpublishedId;
        String skuId;
        long products;
        long received;
        try (PlatformProcess first = PlatformProcess.start(data)) {
            assertThat(first.output()).contains("Demo data ready");
            String merchant = LauncherProcessTest.field(first.post("/api/identity/tokens",
                    "{\"email\":\"merchant1@demo.emporium\",\"password\":\"demo-pass-1\"}", Optional.empty()).body(), "accessToken");
            renamedId = first.text("SELECT id FROM catalog.product WHERE merchant_id = 'mer_demo_m1' ORDER BY name LIMIT 1");
            unpublishedId = first.text("SELECT id FROM catalog.product WHERE merchant_id = 'mer_demo_m1' ORDER BY name OFFSET 1 LIMIT 1");
            skuId = first.text("SELECT id FROM catalog.sku WHERE product_id = '" + renamedId + "' ORDER BY code LIMIT 1");

            assertThat(edit(first, merchant, "PATCH", "/api/catalog/products/" + renamedId,
                    "{\"name\":\"Renamed by its merchant\"}").statusCode()).isEqualTo(200);
            assertThat(edit(first, merchant, "PATCH", "/api/catalog/products/" + renamedId + "/skus/" + skuId,
                    "{\"price\":{\"amount\":\"1234.00\",\"currency\":\"CNY\"}}").statusCode()).isEqualTo(200);
            assertThat(edit(first, merchant, "POST", "/api/inventory/skus/" + skuId + "/receipts",
                    "{\"quantity\":7,\"receiptId\":\"restart-test-1\"}").statusCode()).isEqualTo(200);
            assertThat(edit(first, merchant, "DELETE", "/api/catalog/products/" + unpublishedId + "/publication", null)
                    .statusCode()).isEqualTo(200);
            products = first.query("SELECT count(*) FROM catalog.product");
            received = first.query("SELECT received FROM inventory.stock_item WHERE sku_id = '" + skuId + "'");
            first.stop();
        }

        try (PlatformProcess second = PlatformProcess.start(data)) {
            assertThat(second.output()).contains("Demo data was seeded on").contains("alice@demo.emporium")
                    .doesNotContain("Seeding demo data").doesNotContain("could not be seeded");
            assertUserChangesKept(second, renamedId, unpublishedId, skuId, products, received);
            // as if the first seeding had been cut short: the next start resumes it, and it fails on the rename
            second.execute("UPDATE launcher.demo_seeding SET completed_at = NULL WHERE part = 'marketplace'");
            second.stop();
        }

        try (PlatformProcess third = PlatformProcess.start(data)) {
            assertThat(third.output()).contains("Seeding demo data").contains("Demo data could not be seeded")
                    .contains("the platform runs without it");
            assertThat(third.get("/actuator/health/readiness", Optional.empty()).statusCode()).isEqualTo(200);
            assertUserChangesKept(third, renamedId, unpublishedId, skuId, products, received);
            third.stop();
        }
    }

    static void assertUserChangesKept(PlatformProcess platform, String renamedId, String unpublishedId, String skuId,
            long products, long received) {
        assertThat(platform.query("SELECT count(*) FROM catalog.product")).as("no product made again").isEqualTo(products);
        assertThat(platform.text("SELECT name FROM catalog.product WHERE id = '" + renamedId + "'"))
                .isEqualTo("Renamed by its merchant");
        assertThat(platform.text("SELECT status FROM catalog.product WHERE id = '" + unpublishedId + "'"))
                .isEqualTo("UNPUBLISHED");
        assertThat(platform.text("SELECT price_amount::text FROM catalog.sku WHERE id = '" + skuId + "'")).startsWith("1234.00");
        assertThat(platform.query("SELECT received FROM inventory.stock_item WHERE sku_id = '" + skuId + "'"))
                .as("no stock received again").isEqualTo(received);
    }

    static HttpResponse<String> edit(PlatformProcess platform, String token, String method, String path, String json) {
        return platform.send(method, path, json, Optional.of(token), Map.of(), Duration.ofSeconds(30));
    }
}
