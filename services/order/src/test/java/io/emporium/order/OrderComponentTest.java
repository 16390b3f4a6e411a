package io.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.cart.api.CartApi;
import io.emporium.cart.api.CartView;
import io.emporium.catalog.api.CatalogApi;
import io.emporium.catalog.api.SkuQuery;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.ReservationView;
import io.emporium.inventory.api.ReserveStock;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.Money;
import io.emporium.messaging.Outbox;
import io.emporium.messaging.OutboxSource;
import io.emporium.payment.api.NewPayment;
import io.emporium.payment.api.PaymentApi;
import io.emporium.payment.api.PaymentCaptured;
import io.emporium.payment.api.PaymentView;
import io.emporium.platform.persistence.ServiceSchema;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.security.Role;
import io.emporium.testing.component.TestTokens;
import io.emporium.promotion.api.PriceQuote;
import io.emporium.promotion.api.PricingRequest;
import io.emporium.promotion.api.PromotionApi;
import io.emporium.testing.component.ComponentTest;
import io.emporium.testing.component.Http;
import io.emporium.testing.component.Stub;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The order center alone, on its schema, with cart, catalog, promotion, inventory and payment stubbed:
 * a checkout holds the promotions, reserves the stock and opens one payment, answers 201 with its orders
 * (202 when a participant is slow), and a PaymentCaptured event (from a stand-in payment outbox, over
 * the platform's event delivery) pays the orders, confirms the stock and redeems the promotions. A
 * refused step compensates the steps before it, and a refused request calls no neighbour at all.
 */
@ComponentTest
@TestPropertySource(properties = "emporium.order.checkout-answer-within=PT2S")
class OrderComponentTest {

    static final Money PRICE = Money.of("12.50", "CNY");

    @LocalServerPort
    int port;
    @Autowired
    TestTokens tokens;
    @Autowired
    Neighbours neighbours;
    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    @Test
    void a_checkout_is_placed_once_and_the_payment_s_capture_pays_its_orders() {
        Http http = new Http(port);
        String customer = Identifiers.newId("cus");
        String token = token(customer);
        neighbours.cart(customer, 3);

        String key = "key-" + Identifiers.newId("k");
        Http.Response placed = checkout(http, token, key, Shipping.OK);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(placed.header("Idempotent-Replayed")).contains("false");
        JsonNode body = placed.json();
        String checkoutId = body.get("checkoutId").asString();
        String orderId = body.at("/orders/0/id").asString();
        assertThat(placed.header("Location")).contains("/api/orders/" + orderId);
        assertThat(body.get("orders").size()).isEqualTo(1);
        assertThat(body.at("/orders/0/status").asString()).isEqualTo("PENDING_PAYMENT");
        assertThat(body.at("/total/amount").asString()).isEqualTo("37.50");
        assertThat(neighbours.holds).containsEntry(checkoutId, "HELD");
        assertThat(neighbours.reservations).containsEntry(checkoutId, "RESERVED");
        assertThat(neighbours.payments.get(checkoutId).amount()).isEqualTo(Money.of("37.50", "CNY"));

        Http.Response replayed = checkout(http, token, key, Shipping.OK);
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.header("Idempotent-Replayed")).contains("true");
        assertThat(replayed.json().at("/orders/0/id").asString()).isEqualTo(orderId);
        Http.Response otherBody = checkout(http, token, key, Shipping.OTHER);
        assertThat(otherBody.status()).as("the same key with another body").isEqualTo(422);
        assertThat(neighbours.reserveCalls.get(checkoutId)).as("one reservation for one checkout").isEqualTo(1);
        assertThat(neighbours.openCalls.get(checkoutId)).as("one payment for one checkout").isEqualTo(1);

        PaymentView payment = neighbours.payments.get(checkoutId);
        transactions.executeWithoutResult(s -> outbox.append("payment", payment.id(),
                new PaymentCaptured(payment.id(), checkoutId, payment.amount(), Instant.now())));
        await("the order is paid").atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/api/orders/" + orderId, token).json().get("status").asString().equals("PAID"));
        await("stock confirmed, promotions redeemed, the cart taken").atMost(Duration.ofSeconds(20))
                .until(() -> "CONFIRMED".equals(neighbours.reservations.get(checkoutId))
                        && "REDEEMED".equals(neighbours.holds.get(checkoutId)) && neighbours.takenOff.containsKey(checkoutId));
        assertThat(neighbours.takenOff.get(checkoutId)).containsEntry(neighbours.skuOf(customer), 3);
        assertThat(jdbc.sql("SELECT count(*) FROM orders.outbox WHERE aggregate_id = :o AND event_type LIKE '%OrderPaid'")
                .param("o", orderId).query(Long.class).single()).as("one OrderPaid published").isEqualTo(1);
    }

    @Test
    void stock_that_inventory_refuses_is_a_conflict_and_the_promotion_hold_is_released() {
        Http http = new Http(port);
        String customer = Identifiers.newId("cus");
        String token = token(customer);
        neighbours.cart(customer, 2);
        neighbours.refuseStockFor.add(neighbours.skuOf(customer));

        Http.Response refused = checkout(http, token, "key-" + Identifiers.newId("k"), Shipping.OK);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.problemType()).isEqualTo("insufficient-stock");
        await("the hold is released").atMost(Duration.ofSeconds(20))
                .until(() -> neighbours.holds.values().stream().anyMatch("RELEASED"::equals)
                        && neighbours.holdsOf(customer).stream().allMatch("RELEASED"::equals));
        assertThat(neighbours.paymentsOf(customer)).as("no payment was opened").isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM orders.customer_order WHERE customer_id = :c").param("c", customer)
                .query(Long.class).single()).as("no order").isZero();
    }

    @Test
    void a_slow_payment_service_answers_202_and_the_checkout_finishes_without_the_request() throws InterruptedException {
        Http http = new Http(port);
        String customer = Identifiers.newId("cus");
        String token = token(customer);
        neighbours.cart(customer, 1);
        CountDownLatch paymentBack = new CountDownLatch(1);
        neighbours.slowPayments.put(customer, paymentBack);
        try {
            String key = "key-" + Identifiers.newId("k");
            Http.Response accepted = checkout(http, token, key, Shipping.OK);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            String location = accepted.header("Location").orElseThrow();
            assertThat(location).startsWith("/api/orders/checkouts/");
            JsonNode pending = http.get(location, token).json();
            assertThat(pending.get("state").asString()).as("recorded before the steps it is taking")
                    .isIn("PRICING", "HOLDING_PROMOTIONS", "RESERVING", "OPENING_PAYMENT");
            assertThat(pending.get("checkout").isNull()).as("no orders yet").isTrue();

            paymentBack.countDown();
            await("the saga finishes on its own").atMost(Duration.ofSeconds(20))
                    .until(() -> http.get(location, token).json().get("state").asString().equals("AWAITING_PAYMENT"));
            assertThat(http.get(location, token).json().at("/checkout/orders/0/status").asString()).isEqualTo("PENDING_PAYMENT");
            Http.Response again = checkout(http, token, key, Shipping.OK);
            assertThat(again.status()).as("the repeated request answers the orders now").isEqualTo(201);
            assertThat(http.get(location, token(Identifiers.newId("cus"))).status()).as("another customer's checkout")
                    .isEqualTo(404);
        } finally {
            paymentBack.countDown();
        }
    }

    @Test
    void a_refused_request_calls_no_neighbour() {
        Http http = new Http(port);
        String customer = Identifiers.newId("cus");
        String token = token(customer);
        neighbours.cart(customer, 1);

        assertThat(http.send("POST", "/api/orders/checkouts", Shipping.OK.json, token, Map.of()).status())
                .as("no Idempotency-Key").isEqualTo(400);
        Http.Response badPhone = checkout(http, token, "key-" + Identifiers.newId("k"), Shipping.BAD_PHONE);
        assertThat(badPhone.status()).isEqualTo(400);
        assertThat(badPhone.json().at("/errors/0/field").asString()).isEqualTo("shippingAddress.phone");
        assertThat(checkout(http, token, "bad key!", Shipping.OK).status()).as("a malformed key").isEqualTo(400);
        assertThat(checkout(http, null, "key-" + Identifiers.newId("k"), Shipping.OK).status()).isEqualTo(401);
        String merchant = tokens.issue(Identifiers.newId("acc"), Role.MERCHANT,
                Optional.of(new io.emporium.kernel.MerchantId(Identifiers.newId("mer")))).value();
        assertThat(checkout(http, merchant, "key-" + Identifiers.newId("k"), Shipping.OK).status()).isEqualTo(403);
        assertThat(http.get("/api/orders/ord_" + "x".repeat(70), token).status()).isEqualTo(400);
        assertThat(http.get("/api/orders/ord_unknown", token).status()).isEqualTo(404);

        assertThat(neighbours.customersAsked).as("no neighbour was asked anything about this customer").doesNotContain(customer);
        assertThat(jdbc.sql("SELECT count(*) FROM orders.customer_order WHERE customer_id = :c").param("c", customer)
                .query(Long.class).single()).isZero();
    }

    @Autowired
    io.emporium.order.saga.CheckoutStore store;

    /**
     * The store remembers the data of the versions it saw committed, to skip writing and parsing it again: what
     * it answers must still be what the database holds, after another process's write and after a rollback.
     */
    @Test
    void the_saga_store_answers_what_the_database_holds_whatever_it_remembers() {
        var id = io.emporium.kernel.CheckoutId.newId();
        var address = new io.emporium.kernel.PostalAddress("Ada Lovelace", "+86 138 0000 1234", "1 Century Avenue", null,
                "Shanghai", null, "200120", "CN");
        var data = io.emporium.order.saga.CheckoutData.cart(address, List.of("FIRST"));
        Instant now = Instant.now();
        var row = new io.emporium.order.saga.CheckoutSagaRow(id, new io.emporium.kernel.CustomerId(Identifiers.newId("cus")),
                "key-" + Identifiers.newId("k"), "hash", io.emporium.order.saga.CheckoutState.PRICING, data, null, 0, null, now,
                1, now);
        assertThat(store.insert(row)).isEqualTo(io.emporium.order.saga.CheckoutStore.Insert.INSERTED);

        var saved = store.save(row.retryLater("one", now)); // the same data object: the column is left as it is
        assertThat(saved.version()).isEqualTo(2);
        assertThat(store.find(id).orElseThrow().data().couponCodes()).containsExactly("FIRST");
        assertThat(storedCoupons(id)).isEqualTo("[\"FIRST\"]");

        // another process moves the saga on: its version and data, not what this one remembers
        jdbc.sql("UPDATE orders.checkout_saga SET data = jsonb_set(data, '{couponCodes}', '[\"OTHER\"]'), version = 3"
                + " WHERE id = :id").param("id", id.value()).update();
        var moved = store.find(id).orElseThrow();
        assertThat(moved.version()).isEqualTo(3);
        assertThat(moved.data().couponCodes()).containsExactly("OTHER");

        // a record whose transaction rolls back is not remembered as the next version
        var changed = moved.withData(io.emporium.order.saga.CheckoutData.cart(address, List.of("ROLLED-BACK")));
        try {
            transactions.executeWithoutResult(tx -> {
                store.save(changed);
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        jdbc.sql("UPDATE orders.checkout_saga SET version = 4 WHERE id = :id").param("id", id.value()).update();
        assertThat(store.find(id).orElseThrow().data().couponCodes()).as("the database's version 4, not the rolled-back one")
                .containsExactly("OTHER");
        var again = store.save(store.find(id).orElseThrow().withData(io.emporium.order.saga.CheckoutData.cart(address,
                List.of("LAST"))));
        assertThat(again.version()).isEqualTo(5);
        assertThat(storedCoupons(id)).isEqualTo("[\"LAST\"]");
    }

    private String storedCoupons(io.emporium.kernel.CheckoutId id) {
        return jdbc.sql("SELECT (data -> 'couponCodes')::text FROM orders.checkout_saga WHERE id = :id").param("id", id.value())
                .query(String.class).single();
    }

    private String token(String customer) {
        return tokens.issue(customer, Role.CUSTOMER, Optional.empty()).value();
    }

    private static Http.Response checkout(Http http, String token, String key, Shipping shipping) {
        return http.send("POST", "/api/orders/checkouts", shipping.json, token, Map.of("Idempotency-Key", key));
    }

    enum Shipping {
        OK("+86 138 0000 1234", "1 Century Avenue"),
        OTHER("+86 138 0000 1234", "2 Century Avenue"),
        BAD_PHONE("call me", "1 Century Avenue");

        final String json;

        Shipping(String phone, String line1) {
            json = "{\"shippingAddress\": {\"name\": \"Ada Lovelace\", \"phone\": \"" + phone + "\", \"line1\": \"" + line1
                    + "\", \"city\": \"Shanghai\", \"postalCode\": \"200120\", \"country\": \"CN\"}}";
        }
    }

    /**
     * The order center's neighbours in memory, each as idempotent as the real one (a repeated call with
     * the same checkout has no second effect). {@link #calls} counts every call by operation.
     */
    public static class Neighbours {

        final Map<String, Integer> calls = new ConcurrentHashMap<>();
        final Map<String, Integer> reserveCalls = new ConcurrentHashMap<>();
        final Map<String, Integer> openCalls = new ConcurrentHashMap<>();
        final java.util.Set<String> customersAsked = ConcurrentHashMap.newKeySet();
        final Map<String, String> skuByCustomer = new ConcurrentHashMap<>();
        final Map<String, Integer> quantityByCustomer = new ConcurrentHashMap<>();
        final Map<String, String> merchantBySku = new ConcurrentHashMap<>();
        final Map<String, String> holds = new ConcurrentHashMap<>();        // checkout → HELD, REDEEMED, RELEASED
        final Map<String, String> holdCustomers = new ConcurrentHashMap<>();
        final Map<String, String> reservations = new ConcurrentHashMap<>(); // checkout → RESERVED, CONFIRMED, RELEASED
        final Map<String, PaymentView> payments = new ConcurrentHashMap<>(); // checkout → its payment
        final Map<String, Map<String, Integer>> takenOff = new ConcurrentHashMap<>();
        final java.util.Set<String> refuseStockFor = ConcurrentHashMap.newKeySet();
        final Map<String, CountDownLatch> slowPayments = new ConcurrentHashMap<>();

        void cart(String customer, int quantity) {
            String sku = Identifiers.newId("sku");
            skuByCustomer.put(customer, sku);
            quantityByCustomer.put(customer, quantity);
            merchantBySku.put(sku, Identifiers.newId("mer"));
        }

        String skuOf(String customer) {
            return skuByCustomer.get(customer);
        }

        List<String> holdsOf(String customer) {
            return holdCustomers.entrySet().stream().filter(e -> e.getValue().equals(customer)).map(e -> holds.get(e.getKey()))
                    .toList();
        }

        List<PaymentView> paymentsOf(String customer) {
            return payments.values().stream().filter(p -> p.customerId().equals(customer)).toList();
        }

        private void called(String operation) {
            calls.merge(operation, 1, Integer::sum);
        }

        // cart

        public CartView cartOf(String customerId) {
            called("cart");
            customersAsked.add(customerId);
            String sku = skuByCustomer.get(customerId);
            if (sku == null) {
                return new CartView(customerId, List.of(), Money.zero(PRICE.currency()), 0, false);
            }
            int quantity = quantityByCustomer.get(customerId);
            CartView.Line line = new CartView.Line(sku, "prd_1", "Tea cup", merchantBySku.get(sku), Map.of(), quantity, PRICE,
                    PRICE.times(quantity), 100, "IN_STOCK", true, true, null, List.of("cat_kitchen"));
            return new CartView(customerId, List.of(line), PRICE.times(quantity), quantity, true);
        }

        public void checkedOut(String customerId, String checkoutId, Map<String, Integer> quantities) {
            called("takeOffCart");
            customersAsked.add(customerId);
            takenOff.putIfAbsent(checkoutId, Map.copyOf(quantities));
        }

        // catalog

        public List<SkuSnapshot> skus(SkuQuery query) {
            called("skus");
            return query.skuIds().stream().filter(merchantBySku::containsKey).map(s -> new SkuSnapshot(s, "prd_1", "Tea cup",
                    merchantBySku.get(s), "CUP-1", Map.of(), PRICE, true, List.of("cat_kitchen"))).toList();
        }

        // promotion

        PriceQuote hold(String ref, PricingRequest request) {
            called("hold");
            customersAsked.add(request.customerId());
            holds.putIfAbsent(ref, "HELD");
            holdCustomers.putIfAbsent(ref, request.customerId());
            Money zero = Money.zero(PRICE.currency());
            List<PriceQuote.Line> lines = request.lines().stream().map(i -> new PriceQuote.Line(i.skuId(), i.merchantId(),
                    i.quantity(), i.listPrice(), i.listPrice(), "LIST", null, null, i.listPrice().times(i.quantity()), List.of(),
                    zero, i.listPrice().times(i.quantity()))).toList();
            Money total = lines.stream().map(PriceQuote.Line::total).reduce(Money::plus).orElseThrow();
            List<PriceQuote.MerchantTotal> merchants = lines.stream()
                    .map(l -> new PriceQuote.MerchantTotal(l.merchantId(), l.total(), zero, zero, l.total())).toList();
            return new PriceQuote("CNY", lines, List.of(), merchants, total, zero, zero, total);
        }

        void redeem(String ref) {
            called("redeem");
            holds.put(ref, "REDEEMED");
        }

        void releaseHold(String ref) {
            called("releaseHold");
            holds.computeIfPresent(ref, (k, v) -> v.equals("HELD") ? "RELEASED" : v);
        }

        // inventory

        ReservationView reserve(String reservationId, ReserveStock request) {
            called("reserve");
            reserveCalls.merge(reservationId, 1, Integer::sum);
            if (request.lines().stream().anyMatch(l -> refuseStockFor.contains(l.skuId()))) {
                throw new ConflictException("insufficient-stock", "not enough stock (stub)");
            }
            reservations.putIfAbsent(reservationId, "RESERVED");
            return view(reservationId, request.orderRef());
        }

        ReservationView confirm(String reservationId) {
            called("confirm");
            if ("RELEASED".equals(reservations.get(reservationId))) {
                throw new ConflictException("reservation-released", "the reservation was released (stub)");
            }
            reservations.put(reservationId, "CONFIRMED");
            return view(reservationId, reservationId);
        }

        ReservationView releaseStock(String reservationId) {
            called("releaseStock");
            if (!reservations.containsKey(reservationId)) {
                throw new NotFoundException("unknown-reservation", "no reservation " + reservationId + " (stub)");
            }
            reservations.computeIfPresent(reservationId, (k, v) -> v.equals("RESERVED") ? "RELEASED" : v);
            return view(reservationId, reservationId);
        }

        private ReservationView view(String id, String orderRef) {
            return new ReservationView(id, orderRef, reservations.get(id), List.of(), Instant.now().plusSeconds(900),
                    Instant.now(), false);
        }

        // payment

        PaymentView open(String checkoutId, NewPayment payment) {
            called("open");
            customersAsked.add(payment.customerId());
            openCalls.merge(checkoutId, 1, Integer::sum);
            CountDownLatch slow = slowPayments.get(payment.customerId());
            if (slow != null) {
                try {
                    slow.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return payments.computeIfAbsent(checkoutId, c -> new PaymentView(Identifiers.newId("pay"), c, payment.customerId(),
                    "PENDING", payment.amount(), Money.zero(payment.amount().currency()), Instant.now(), Instant.now()));
        }

        PaymentView intentOf(String checkoutId) {
            called("intentOf");
            PaymentView payment = payments.get(checkoutId);
            if (payment == null) {
                throw new NotFoundException("unknown-payment", "no payment for " + checkoutId + " (stub)");
            }
            return payment;
        }
    }

    /** Each API answers only what the order center should ask of it; any other call fails, naming it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Stubs {

        @Bean
        Neighbours neighbours() {
            return new Neighbours();
        }

        @Bean
        CartApi carts(Neighbours neighbours) {
            return Stub.of(CartApi.class, neighbours);
        }

        @Bean
        CatalogApi catalog(Neighbours neighbours) {
            return Stub.of(CatalogApi.class, neighbours);
        }

        @Bean
        PromotionApi promotions(Neighbours neighbours) {
            return Stub.of(PromotionApi.class, new Object() {
                public PriceQuote hold(String ref, PricingRequest request) {
                    return neighbours.hold(ref, request);
                }

                public void redeem(String ref) {
                    neighbours.redeem(ref);
                }

                public void release(String ref) {
                    neighbours.releaseHold(ref);
                }
            });
        }

        @Bean
        InventoryApi inventory(Neighbours neighbours) {
            return Stub.of(InventoryApi.class, new Object() {
                public ReservationView reserve(String id, ReserveStock request) {
                    return neighbours.reserve(id, request);
                }

                public ReservationView confirm(String id) {
                    return neighbours.confirm(id);
                }

                public ReservationView release(String id) {
                    return neighbours.releaseStock(id);
                }
            });
        }

        @Bean
        PaymentApi payments(Neighbours neighbours) {
            return Stub.of(PaymentApi.class, new Object() {
                public PaymentView open(String checkoutId, NewPayment payment) {
                    return neighbours.open(checkoutId, payment);
                }

                public PaymentView intentOf(String checkoutId) {
                    return neighbours.intentOf(checkoutId);
                }
            });
        }

        /** A stand-in for the payment service's outbox: its events reach the order center as the real ones would. */
        @Bean
        ServiceSchema paymentOutboxSchema(DataSource dataSource) {
            return ServiceSchema.migrate(dataSource, "payment", Outbox.MIGRATIONS);
        }

        @Bean
        OutboxSource paymentOutbox() {
            return new OutboxSource("payment");
        }
    }
}
