package io.emporium.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a path nobody serves answers (404, never 401; a page for browsers, problem+json for the
 * API), and a form posted without its CSRF token (403, not 405).
 */
@PlatformTest
class StorefrontRoutingTest {

    private static final Map<String, String> BROWSER = Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void an_unknown_api_route_is_404_problem_json_for_anyone() {
        for (Api caller : new Api[] {api, fixtures.customer(api), api.as("not.a.jwt")}) {
            Api.Response r = caller.get("/api/catalog/no-such-thing");
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.isProblem()).isTrue();
            assertThat(r.problemType()).isEqualTo("not-found");
            Api.Response browser = caller.raw("GET", "/api/no-such-service/things", "", BROWSER);
            assertThat(browser.status()).isEqualTo(404);
            assertThat(browser.isProblem()).isTrue();
        }
    }

    @Test
    void a_known_protected_route_still_asks_for_a_token() {
        assertThat(api.get("/api/cart").status()).isEqualTo(401);
        assertThat(api.get("/api/orders").status()).isEqualTo(401);
        // the path is served (with GET): a wrong method does not make it unknown
        assertThat(api.raw("PATCH", "/api/cart", "{}", Map.of()).status()).isEqualTo(401);
    }

    @Test
    void an_unknown_page_is_the_shops_404_page_for_a_browser_and_problem_json_for_others() {
        Api.Response page = api.raw("GET", "/no-such-page", "", BROWSER);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("Not found").contains("There is no page here");

        Api.Response json = api.get("/no-such-page");
        assertThat(json.status()).isEqualTo(404);
        assertThat(json.isProblem()).isTrue();

        // under a prefix the pages own, for a signed-in shopper too (the page used to be raw JSON)
        Api.Response nested = api.raw("GET", "/products/prd_x/no/such/page", "", BROWSER);
        assertThat(nested.status()).isEqualTo(404);
        assertThat(nested.contentType()).startsWith("text/html");
        assertThat(nested.body()).contains("Not found");
    }

    @Test
    void a_form_posted_without_its_csrf_token_is_refused_with_403() {
        Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html");
        Api.Response r = api.raw("POST", "/cart/lines", "skuId=sku_x&quantity=1", form);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("Not for this account");
        assertThat(api.raw("POST", "/login", "email=alice%40demo.emporium&password=demo-pass-1", form).status())
                .isEqualTo(403);
    }
}
