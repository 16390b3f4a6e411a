package io.emporium.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@PlatformTest
class PlatformEndpointsTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;

    @Test
    void readiness_includes_the_database_and_zookeeper() {
        Api.Response r = new Api(port).get("/actuator/health/readiness");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(r.json().at("/components/zookeeper/status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheus_metrics_are_for_admins_and_the_scrape_credential_only() {
        Api api = new Api(port);
        Api.Response anonymous = api.get("/actuator/prometheus");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.isProblem()).isTrue();
        assertThat(anonymous.body()).doesNotContain("jvm_memory_used_bytes");
        assertThat(fixtures.customer(api).get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(fixtures.merchant(api).api().get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(api.raw("GET", "/actuator/prometheus", "", Map.of("Authorization", basic("prometheus", "wrong")))
                .status()).isEqualTo(401);

        Api.Response admin = fixtures.admin(api).get("/actuator/prometheus");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");

        Api.Response scraper = api.raw("GET", "/actuator/prometheus", "",
                Map.of("Authorization", basic("prometheus", "test-scrape-password")));
        assertThat(scraper.status()).isEqualTo(200);
        assertThat(scraper.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void the_metrics_do_not_show_where_the_platform_is_installed() {
        String body = fixtures.admin(new Api(port)).get("/actuator/prometheus").body();
        String installedAt = Path.of("").toAbsolutePath().toString();
        assertThat(body).contains("disk_free_bytes").doesNotContain(installedAt);
        // request latency keeps cumulative buckets (the admin dashboard's worst checkout latency reads them)
        assertThat(body).contains("http_server_requests_seconds_bucket{");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_openapi_document_describes_the_services() {
        Api.Response r = new Api(port).get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("paths").propertyNames())
                .contains("/api/identity/tokens", "/api/catalog/products", "/api/cart", "/api/inventory/skus/{skuId}");
        assertThat(new Api(port).get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
