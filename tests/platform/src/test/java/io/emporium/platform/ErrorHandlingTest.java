package io.emporium.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Bad input of every kind is a clear problem+json 4xx, never a 500 or a stack trace. */
@PlatformTest
class ErrorHandlingTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    Api customer;

    @BeforeEach
    void setUp() {
        customer = fixtures.customer(new Api(port));
    }

    @Test
    void unknown_routes_are_404_problems() {
        Api.Response r = customer.get("/api/no-such-thing");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.isProblem()).isTrue();
        assertThat(r.problemType()).isEqualTo("not-found");
    }

    @Test
    void malformed_json_is_400() {
        Api.Response r = customer.raw("POST", "/api/cart/lines", HttpRequest.BodyPublishers.ofString("{\"skuId\": "));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.problemType()).isEqualTo("malformed-request");
        assertThat(customer.raw("POST", "/api/cart/lines", HttpRequest.BodyPublishers.ofString("")).status()).isEqualTo(400);
        assertThat(customer.raw("POST", "/api/cart/lines", HttpRequest.BodyPublishers.ofString("[1,2]")).status())
                .isEqualTo(400);
    }

    @Test
    void wrong_types_name_the_field() {
        Api.Response r = customer.post("/api/cart/lines", Map.of("skuId", "sku_x", "quantity", "many"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).contains("quantity");
    }

    @Test
    void oversized_bodies_are_413_whether_announced_or_chunked() {
        String big = "{\"skuId\": \"" + "x".repeat(1_100_000) + "\", \"quantity\": 1}";
        Api.Response announced = customer.raw("POST", "/api/cart/lines", HttpRequest.BodyPublishers.ofString(big));
        assertThat(announced.status()).isEqualTo(413);
        assertThat(announced.isProblem()).isTrue();

        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofString(big)::subscribe);
        Api.Response streamed = customer.raw("POST", "/api/cart/lines", chunked);
        assertThat(streamed.status()).isEqualTo(413);
    }

    @Test
    void internal_service_routes_refuse_user_tokens_and_anonymous_callers() {
        Api.Response r = customer.post("/api/inventory/internal/availability-queries", Map.of("skuIds", java.util.List.of()));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.isProblem()).isTrue();
        assertThat(customer.anonymous().put("/api/identity/internal/accounts", Map.of()).status()).isEqualTo(401);
        Api admin = fixtures.admin(customer);
        assertThat(admin.put("/api/identity/internal/accounts", Map.of("email", "x@y.test", "password", "12345678",
                "displayName", "X", "role", "ADMIN")).status()).isEqualTo(403);
    }

    @Test
    void every_framework_error_is_a_typed_problem() {
        Api.Response wrongMethod = customer.delete("/api/cart");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.problemType()).isEqualTo("method-not-allowed");
        Api.Response wrongMedia = customer.raw("POST", "/api/cart/lines", "skuId=x",
                Map.of("Content-Type", "text/plain"));
        assertThat(wrongMedia.status()).isEqualTo(415);
        assertThat(wrongMedia.problemType()).isEqualTo("unsupported-media-type");
        Api.Response rejected = customer.get("/api//cart");
        assertThat(rejected.status()).isBetween(400, 404);
        assertThat(rejected.isProblem()).as(rejected.toString()).isTrue();
    }

    @Test
    void invalid_path_ids_are_400_not_500() {
        Api.Response r = customer.get("/api/catalog/products/bad%20id");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.");
    }
}
