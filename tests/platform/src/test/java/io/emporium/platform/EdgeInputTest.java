package io.emporium.platform;

import static io.emporium.testing.Fixtures.stockedSku;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.RawHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The HTTP edge: every string is checked, JSON is strict, negotiation precedes effects, the container answers problem+json. */
@PlatformTest
class EdgeInputTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    Api api;
    Api customer;
    Fixtures.Merchant merchant;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        customer = fixtures.customer(api);
        merchant = fixtures.merchant(api);
    }

    private Map<String, Object> draft(String name, String description) {
        return Map.of("categoryId", Fixtures.category(api), "name", name, "description", description, "publish", true,
                "skus", List.of(Fixtures.sku(Fixtures.unique("E-"), Map.of("colour", "Red"), "9.90")));
    }

    @Test
    void control_characters_are_refused_naming_the_field_and_allowed_as_line_breaks_only_in_multi_line_text() {
        Api.Response nul = merchant.api().post("/api/catalog/products", draft("Lamp\u0000", "fine"));
        assertThat(nul.status()).as(nul.toString()).isEqualTo(400);
        assertThat(nul.isProblem()).isTrue();
        assertThat(nul.json().get("detail").asString()).contains("'name'").contains("U+0000");

        Api.Response newlineInName = merchant.api().post("/api/catalog/products", draft("Lamp\nTwo", "fine"));
        assertThat(newlineInName.status()).isEqualTo(400);
        assertThat(newlineInName.json().get("detail").asString()).contains("'name'");

        Api.Response escapeInDescription = merchant.api().post("/api/catalog/products", draft("Lamp", "warm\u001b[31m"));
        assertThat(escapeInDescription.status()).isEqualTo(400);
        assertThat(escapeInDescription.json().get("detail").asString()).contains("'description'");

        Api.Response multiLine = merchant.api().post("/api/catalog/products", draft("Lamp", "Warm light.\r\n\tTwo settings.\n"));
        assertThat(multiLine.status()).as(multiLine.toString()).isEqualTo(201);
        assertThat(multiLine.json().get("description").asString()).contains("\n\tTwo settings.");

        Api.Response attribute = merchant.api().post("/api/catalog/products", Map.of("categoryId", Fixtures.category(api),
                "name", "Lamp", "description", "d", "skus", List.of(Fixtures.sku("E-1", Map.of("col\tour", "Red"), "9.90"))));
        assertThat(attribute.status()).isEqualTo(400);
        assertThat(attribute.json().get("detail").asString()).contains("skus[0].attributes");
    }

    @Test
    void unpaired_surrogates_and_blank_names_are_refused() {
        String body = "{\"categoryId\":\"" + Fixtures.category(api) + "\",\"name\":\"Lamp \\ud800\",\"description\":\"d\","
                + "\"skus\":[{\"code\":\"E-2\",\"attributes\":{},\"price\":{\"amount\":\"1.00\",\"currency\":\"CNY\"}}]}";
        Api.Response lone = merchant.api().raw("POST", "/api/catalog/products", body, Map.of());
        assertThat(lone.status()).as(lone.toString()).isEqualTo(400);
        assertThat(lone.json().get("detail").asString()).contains("'name'").contains("surrogate");

        for (String blank : List.of(" ", "\u3000\u00a0", "\u200b")) {
            Api.Response r = merchant.api().post("/api/catalog/products", draft(blank, "d"));
            assertThat(r.status()).as("name %s: %s", blank.codePoints().boxed().toList(), r).isEqualTo(400);
        }
        Api.Response created = merchant.api().post("/api/catalog/products", draft("Lamp", "d"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String productId = created.json().get("id").asString();
        for (String blank : List.of(" ", "\u3000")) {
            Api.Response r = merchant.api().patch("/api/catalog/products/" + productId, Map.of("name", blank));
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
        }
        assertThat(merchant.api().get("/api/catalog/products/" + productId).json().path("name").asString()).isEqualTo("Lamp");
    }

    @Test
    void json_is_strict_no_coercion_no_duplicate_keys_no_comments() {
        String sku = stockedSku(merchant, 5);
        Api.Response numberForString = customer.raw("POST", "/api/cart/lines", "{\"skuId\": 12, \"quantity\": 1}", Map.of());
        assertThat(numberForString.status()).isEqualTo(400);
        assertThat(numberForString.json().get("detail").asString()).contains("skuId");
        Api.Response stringForNumber = customer.raw("POST", "/api/cart/lines",
                "{\"skuId\": \"" + sku + "\", \"quantity\": \"1\"}", Map.of());
        assertThat(stringForNumber.status()).isEqualTo(400);
        Api.Response duplicate = customer.raw("POST", "/api/cart/lines",
                "{\"skuId\": \"" + sku + "\", \"quantity\": 1, \"quantity\": 50}", Map.of());
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.problemType()).isEqualTo("malformed-request");
        Api.Response comment = customer.raw("POST", "/api/cart/lines",
                "{\"skuId\": \"" + sku + "\", /* two */ \"quantity\": 1}", Map.of());
        assertThat(comment.status()).isEqualTo(400);
        Api.Response trailing = customer.raw("POST", "/api/cart/lines",
                "{\"skuId\": \"" + sku + "\", \"quantity\": 1} {\"x\": 1}", Map.of());
        assertThat(trailing.status()).isEqualTo(400);
        assertThat(customer.get("/api/cart").json().get("lines").size()).isZero();
    }

    @Test
    void an_unacceptable_accept_is_406_before_the_handler_runs() {
        String sku = stockedSku(merchant, 5);
        Api.Response r = customer.raw("POST", "/api/cart/lines", "{\"skuId\": \"" + sku + "\", \"quantity\": 1}",
                Map.of("Accept", "text/csv"));
        assertThat(r.status()).as(r.toString()).isEqualTo(406);
        assertThat(r.isProblem()).isTrue();
        assertThat(r.problemType()).isEqualTo("not-acceptable");
        assertThat(customer.get("/api/cart").json().get("lines").size()).isZero();

        Api.Response garbage = customer.raw("POST", "/api/cart/lines", "{\"skuId\": \"" + sku + "\", \"quantity\": 1}",
                Map.of("Accept", "no/such/type;;"));
        assertThat(garbage.status()).isEqualTo(406);
        assertThat(customer.get("/api/cart").json().get("lines").size()).isZero();

        Api.Response json = customer.raw("POST", "/api/cart/lines", "{\"skuId\": \"" + sku + "\", \"quantity\": 1}",
                Map.of("Accept", "text/html;q=0.9, application/*;q=0.5"));
        assertThat(json.status()).isEqualTo(200);
    }

    @Test
    void query_parameters_path_segments_and_headers_are_checked_too() {
        Api.Response query = api.get("/api/catalog/products?q=lamp%00");
        assertThat(query.status()).isEqualTo(400);
        assertThat(query.problemType()).isEqualTo("invalid-text");
        assertThat(query.json().get("detail").asString()).contains("'q'");
        for (String target : List.of("/api/catalog/products?q=%zz", "/api/catalog/products?q=%C3%28",
                "/api/catalog/products?q=%ED%A0%80", "/api/catalog/products?q=%", "/api/catalog/products?page=%FF")) {
            RawHttp.Answer a = RawHttp.send(port, "GET", target, "", null);
            assertThat(a.status()).as(target + " -> " + a).isEqualTo(400);
            assertThat(a.isProblem()).as(a.toString()).isTrue();
        }
        Api.Response path = customer.get("/api/orders/ord%01x");
        assertThat(path.status()).as(path.toString()).isEqualTo(400);
        assertThat(path.isProblem()).isTrue();
        RawHttp.Answer header = RawHttp.send(port, "POST", "/api/orders/checkouts",
                "Authorization: Bearer " + customer.token() + "\r\nIdempotency-Key: k\u0085y\r\n", "{}");
        assertThat(header.status()).as(header.toString()).isEqualTo(400);
        assertThat(header.body()).contains("Idempotency-Key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/catalog/products/a%2Fb", "/api/catalog/%00", "/api/../../etc/passwd", "/api/%2e%2e/%2e%2e/x",
            "/api/catalog/products/%C3%28", "/api/catalog/products/%zz", "/api/catalog/products/\u00c3(", "*", "/a b",
            "/api/catalog/products;jsessionid=1", "/api/catalog/products/%", "//api", "/api/catalog/products/..;/x"})
    void hostile_paths_are_problem_json(String target) {
        RawHttp.Answer a = RawHttp.send(port, "GET", target, "", null);
        assertThat(a.status()).as(a.toString()).isBetween(400, 499);
        assertThat(a.isProblem()).as(a.toString()).isTrue();
        JsonNode json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(a.body());
        assertThat(json.get("type").asString()).startsWith("urn:emporium:problem:");
    }

    @Test
    void container_errors_are_problem_json() {
        RawHttp.Answer connect = RawHttp.send(port, "CONNECT", "localhost:443", "", null);
        assertThat(connect.status()).as(connect.toString()).isBetween(400, 501);
        assertThat(connect.isProblem()).as(connect.toString()).isTrue();
        RawHttp.Answer longLine = RawHttp.send(port, "GET", "/api/catalog/products?q=" + "x".repeat(20_000), "", null);
        assertThat(longLine.status()).as(longLine.toString()).isBetween(400, 499);
        assertThat(longLine.isProblem()).as(longLine.toString()).isTrue();
        RawHttp.Answer longHeader = RawHttp.send(port, "GET", "/api/catalog/products", "X-Big: " + "y".repeat(20_000) + "\r\n", null);
        assertThat(longHeader.status()).as(longHeader.toString()).isBetween(400, 499);
        assertThat(longHeader.isProblem()).as(longHeader.toString()).isTrue();
        RawHttp.Answer badMethod = RawHttp.send(port, "G(T", "/api/catalog/products", "", null);
        assertThat(badMethod.status()).as(badMethod.toString()).isBetween(400, 499);
        assertThat(badMethod.isProblem()).as(badMethod.toString()).isTrue();
        RawHttp.Answer trace = RawHttp.send(port, "TRACE", "/api/catalog/products", "", null);
        assertThat(trace.status()).as(trace.toString()).isBetween(400, 499);
        assertThat(trace.isProblem()).as(trace.toString()).isTrue();
    }
}
