package io.emporium.promotion;

import static io.emporium.promotion.PricingCheckoutTest.assertProblem;
import static io.emporium.promotion.Promotions.flashSale;
import static io.emporium.promotion.Promotions.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.promotion.application.FlashAdmission;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.Shopping;
import io.emporium.testing.TestClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One customer's bad flash purchase cannot fail the others batched with it: what validation can
 * see is refused before the batch, and a member the database still refuses is isolated, so the
 * rest of its batch is admitted.
 */
@PlatformTest
class FlashBatchIsolationTest {

    static final String REFUSED_NAME = "Refused At The Database";

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    FlashAdmission admission;
    Api api;
    String sale;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        Fixtures.Merchant merchant = fixtures.merchant(api);
        String sku = Fixtures.stockedSku(merchant, 50);
        Instant now = Instant.now();
        Api.Response created = fixtures.admin(api).post("/api/promotions/flash-sales",
                flashSale(sku, "19.90", 20, 2, now.plus(Duration.ofMinutes(1)), now.plus(Duration.ofMinutes(60))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        sale = created.json().get("id").asString();
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    }

    @AfterEach
    void tearDown() {
        clock.reset();
        jdbc.sql("DROP TRIGGER IF EXISTS refuse_for_test ON promotion.flash_claim").update();
        jdbc.sql("DROP FUNCTION IF EXISTS promotion.refuse_for_test()").update();
    }

    static Map<String, Object> purchaseNamed(String name) {
        Map<String, Object> address = new HashMap<>(Shopping.address());
        address.put("name", name);
        return Map.of("quantity", 1, "shippingAddress", address);
    }

    int remaining() {
        return jdbc.sql("SELECT sum(remaining) FROM promotion.flash_bucket WHERE sale_id = :s").param("s", sale)
                .query(Integer.class).single();
    }

    @Test
    void a_purchase_the_database_refuses_is_refused_alone_and_its_batch_is_admitted() throws Exception {
        // the database refuses one member's row, as it would a value validation let through
        jdbc.sql("""
                CREATE FUNCTION promotion.refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.shipping_address->>'name' = 'Refused At The Database' THEN
                        RAISE EXCEPTION 'refused for the test' USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END $$""").update();
        jdbc.sql("CREATE TRIGGER refuse_for_test BEFORE INSERT ON promotion.flash_claim FOR EACH ROW"
                + " EXECUTE FUNCTION promotion.refuse_for_test()").update();
        List<Api> customers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            customers.add(fixtures.customer(api));
        }
        String path = "/api/promotions/flash-sales/" + sale + "/purchases";
        CompletableFuture<Api.Response> first;
        List<CompletableFuture<Api.Response>> batched = new ArrayList<>();
        int refused = 2; // of the batched ones, the third: bisecting must both isolate it and admit its neighbours
        // the sale's row locked as settlement would lock it: the writer waits in its first batch while
        // the next purchases queue up behind it, so they are sure to share the second batch
        try (Connection settlement = dataSource.getConnection()) {
            settlement.setAutoCommit(false);
            try (PreparedStatement lock = settlement.prepareStatement("SELECT id FROM promotion.flash_sale WHERE id = ? FOR UPDATE")) {
                lock.setString(1, sale);
                lock.executeQuery().close();
            }
            first = CompletableFuture.supplyAsync(() -> customers.get(0).post(path, purchase(1)));
            await("the writer waiting for the sale's row").atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%flash_sale%FOR SHARE%'")
                    .query(Long.class).single() > 0);
            for (int i = 1; i < customers.size(); i++) {
                Api customer = customers.get(i);
                Map<String, Object> body = i - 1 == refused ? purchaseNamed(REFUSED_NAME) : purchase(1);
                batched.add(CompletableFuture.supplyAsync(() -> customer.post(path, body)));
            }
            await("five purchases queued").atMost(Duration.ofSeconds(5)).until(() -> admission.queued() == 5);
            settlement.rollback();
        }

        assertThat(first.get().status()).as(first.get().toString()).isEqualTo(202);
        for (int i = 0; i < batched.size(); i++) {
            Api.Response r = batched.get(i).get();
            if (i == refused) {
                assertThat(r.status()).as(r.toString()).isEqualTo(422);
                assertThat(r.problemType()).isEqualTo("purchase-refused");
            } else {
                assertThat(r.status()).as("a good purchase batched with the refused one: " + r).isEqualTo(202);
            }
        }
        assertThat(remaining()).as("five units taken, none for the refused purchase").isEqualTo(15);
        assertThat(jdbc.sql("SELECT count(*) FROM promotion.flash_claim WHERE sale_id = :s AND shipping_address->>'name' = :n")
                .param("s", sale).param("n", REFUSED_NAME).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM promotion.flash_claim WHERE sale_id = :s").param("s", sale)
                .query(Long.class).single()).isEqualTo(5);
        assertThat(jdbc.sql("SELECT coalesce(sum(bought), 0) FROM promotion.flash_customer WHERE sale_id = :s")
                .param("s", sale).query(Long.class).single()).as("the refused one counts against no limit").isEqualTo(5);
    }

    @Test
    void a_shipping_address_the_database_could_not_store_is_refused_before_any_batch() {
        Api customer = fixtures.customer(api);
        String path = "/api/promotions/flash-sales/" + sale + "/purchases";
        assertProblem(customer.post(path, purchaseNamed("Ada\u0000Lovelace")), 400, "malformed-request"); // the edge refuses it first
        assertProblem(customer.post(path, purchaseNamed("Ada\nLovelace")), 400, "malformed-request");
        Map<String, Object> longLine = new HashMap<>(Shopping.address());
        longLine.put("line1", "x".repeat(201));
        assertProblem(customer.post(path, Map.of("quantity", 1, "shippingAddress", longLine)), 400, "invalid-request");
        assertThat(remaining()).as("nothing taken").isEqualTo(20);
        assertThat(customer.post(path, purchase(1)).status()).isEqualTo(202);
    }
}
