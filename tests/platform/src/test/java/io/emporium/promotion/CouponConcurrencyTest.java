package io.emporium.promotion;

import static io.emporium.promotion.Promotions.coupon;
import static io.emporium.promotion.Promotions.template;
import static io.emporium.testing.Shopping.addToCart;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Invariant 5 under races: coupons issued ≤ cap, per customer ≤ limit, and one coupon holds for one checkout. */
@PlatformTest
class CouponConcurrencyTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    @Test
    void the_cap_holds_when_many_customers_claim_at_once() throws Exception {
        Api api = new Api(port);
        Instant now = Instant.now();
        String template = template(fixtures.admin(api), coupon("FIXED", "5.00", null, null, null, now.minusSeconds(1),
                now.plus(Duration.ofHours(1)), 50, 1));
        List<Api> customers = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            customers.add(fixtures.tokenCustomer(api));
        }
        List<Api.Response> answers = Race.run(120,
                i -> customers.get(i).post("/api/promotions/coupon-templates/" + template + "/claims", null));
        assertThat(answers.stream().filter(r -> r.status() == 201)).hasSize(50);
        assertThat(answers).filteredOn(r -> r.status() != 201)
                .allSatisfy(r -> assertThat(r.problemType()).isEqualTo("coupons-exhausted"));
        assertThat(jdbc.sql("SELECT issued FROM promotion.coupon_template WHERE id = :t").param("t", template)
                .query(Integer.class).single()).isEqualTo(50);
        assertThat(jdbc.sql("SELECT count(*) FROM promotion.coupon WHERE template_id = :t").param("t", template)
                .query(Integer.class).single()).isEqualTo(50);
    }

    @Test
    void one_customer_racing_claims_gets_no_more_than_the_limit() throws Exception {
        Api api = new Api(port);
        Instant now = Instant.now();
        String template = template(fixtures.admin(api), coupon("FIXED", "5.00", null, null, null, now.minusSeconds(1),
                now.plus(Duration.ofHours(1)), 100, 3));
        Api greedy = fixtures.tokenCustomer(api);
        List<Api.Response> answers = Race.run(20,
                i -> greedy.post("/api/promotions/coupon-templates/" + template + "/claims", null));
        assertThat(answers.stream().filter(r -> r.status() == 201)).hasSize(3);
        assertThat(answers).filteredOn(r -> r.status() != 201)
                .allSatisfy(r -> assertThat(r.problemType()).isEqualTo("coupon-limit-reached"));
        assertThat(jdbc.sql("SELECT issued FROM promotion.coupon_template WHERE id = :t").param("t", template)
                .query(Integer.class).single()).as("refused claims gave their place back").isEqualTo(3);
    }

    @Test
    void a_coupon_presented_by_concurrent_checkouts_is_held_by_one() throws Exception {
        Api api = new Api(port);
        Instant now = Instant.now();
        Fixtures.Merchant merchant = fixtures.merchant(api);
        Api customer = fixtures.customer(api);
        String code = Promotions.claim(customer, template(fixtures.admin(api), coupon("FIXED", "5.00", null, null, null,
                now.minusSeconds(1), now.plus(Duration.ofHours(1)), 100, 1)));
        addToCart(customer, Fixtures.stockedSku(merchant, 100), 1);
        List<Api.Response> answers = Race.run(8, i -> Promotions.checkout(customer, List.of(code)));
        assertThat(answers.stream().filter(r -> r.status() == 201)).hasSize(1);
        assertThat(answers).filteredOn(r -> r.status() != 201).allSatisfy(r -> assertThat(r.status()).isIn(409, 422));
        assertThat(jdbc.sql("SELECT count(*) FROM promotion.pricing_hold h JOIN promotion.coupon c ON c.held_by = h.ref"
                + " WHERE c.code = :c").param("c", code).query(Integer.class).single()).isEqualTo(1);
    }
}
