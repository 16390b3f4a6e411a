package io.emporium.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.Api;
import io.emporium.testing.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@PlatformTest
class PlatformEndpointsTest {

    @LocalServerPort
    int port;

    @Test
    void readiness_includes_the_database_and_zookeeper() {
        Api.Response r = new Api(port).get("/actuator/health/readiness");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(r.json().at("/components/zookeeper/status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheus_metrics_are_exposed() {
        Api.Response r = new Api(port).get("/actuator/prometheus");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
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
