package io.emporium.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.PaymentId;
import io.emporium.order.domain.OrderStatus;
import io.emporium.kernel.PostalAddress;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.ServiceUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checkout saga with fake participants and an in-memory store: every path, failures and crashes included. */
class CheckoutSagaTest {

    private static final PostalAddress SHIP_TO = new PostalAddress("Ada", "+86 138 0000 1234", "1 Road", null, "Shanghai",
            null, "200120", "CN");

    private final MutableClock clock = new MutableClock();
    private final InMemoryCheckoutStore store = new InMemoryCheckoutStore();
    private final FakeParticipants participants = new FakeParticipants();
    private CheckoutSaga saga;

    @BeforeEach
    void setUp() {
        saga = new CheckoutSaga(store, participants, clock, Duration.ofMinutes(30));
    }

    private CheckoutId start(CheckoutData data) {
        CheckoutId id = new CheckoutId("chk_" + Long.toHexString(System.nanoTime()));
        CheckoutSagaRow row = new CheckoutSagaRow(id, new CustomerId("cus_1"), "key-" + id, "hash", CheckoutState.PRICING, data,
                null, 0, null, clock.instant(), 1, clock.instant());
        assertThat(store.insert(row)).isEqualTo(CheckoutStore.Insert.INSERTED);
        return id;
    }

    private CheckoutId startCart() {
        return start(CheckoutData.cart(SHIP_TO, List.of()));
    }

    private CheckoutSagaRow row(CheckoutId id) {
        return store.find(id).orElseThrow();
    }

    /** A process that dies and comes back: a new saga object on the same store, after the dead driver's lease. */
    private CheckoutSagaRow restartAndResume(CheckoutId id) {
        saga = new CheckoutSaga(store, participants, clock, Duration.ofMinutes(30));
        clock.advance(CheckoutSaga.LEASE.plusSeconds(1));
        assertThat(store.due(clock.instant(), 10)).contains(id);
        return saga.drive(id);
    }

    @Test
    void a_checkout_places_its_orders_then_is_paid() {
        CheckoutId id = startCart();
        CheckoutSagaRow placed = saga.drive(id);
        assertThat(placed.state()).isEqualTo(CheckoutState.AWAITING_PAYMENT);
        assertThat(placed.data().view().orders()).hasSize(1);
        assertThat(placed.data().view().total()).isEqualTo(FakeParticipants.PRICE.times(2));
        assertThat(store.orderStatuses(id)).containsExactly(OrderStatus.PENDING_PAYMENT);
        assertThat(participants.cart).as("the bought lines are off the cart").isEmpty();
        assertThat(participants.reservations).containsEntry(id, "RESERVED");

        participants.payments.put(placed.data().payment(), "CAPTURED");
        assertThat(saga.paymentCaptured(id)).isTrue();
        assertThat(saga.drive(id).state()).as("leased to the event's driver: nobody else takes it")
                .isEqualTo(CheckoutState.CONFIRMING_STOCK);
        assertThat(saga.driveAsOwner(id).state()).isEqualTo(CheckoutState.PAID);
        assertThat(store.orderStatuses(id)).containsExactly(OrderStatus.PAID);
        assertThat(participants.reservations).containsEntry(id, "CONFIRMED");
        assertThat(participants.holds).containsEntry(id, "REDEEMED");
        assertThat(participants.effects).containsOnlyKeys("hold", "reserve", "openPayment", "takeOffCart", "confirm", "redeem")
                .allSatisfy((operation, count) -> assertThat(count).as(operation).isEqualTo(1));
        assertThat(saga.paymentCaptured(id)).as("a repeated capture is done with").isTrue();
        assertThat(saga.driveAsOwner(id).state()).isEqualTo(CheckoutState.PAID);
    }

    @Test
    void the_request_is_told_once_the_orders_are_recorded_before_the_cart_is_tidied() {
        CheckoutId id = startCart();
        List<CheckoutSagaRow> told = new java.util.ArrayList<>();
        participants.during.put("takeOffCart", () -> assertThat(told).as("told before the cart step").hasSize(1));
        CheckoutSagaRow left = saga.driveAsOwner(row(id), told::add);
        assertThat(told).singleElement().satisfies(placed -> {
            assertThat(placed.state()).isEqualTo(CheckoutState.CLEARING_CART);
            assertThat(placed.state().hasOrders()).isTrue();
            assertThat(placed.data().view().orders()).hasSize(1);
        });
        assertThat(left.state()).isEqualTo(CheckoutState.AWAITING_PAYMENT);
        assertThat(participants.cart).isEmpty();
    }

    @Test
    void a_capture_that_comes_while_the_cart_is_tidied_is_taken_by_the_cart_step() {
        CheckoutId id = startCart();
        List<CheckoutSagaRow> stale = new java.util.ArrayList<>();
        participants.during.put("takeOffCart", () -> {
            participants.during.remove("takeOffCart");
            CheckoutSagaRow now = row(id);
            participants.payments.put(now.data().payment(), "CAPTURED");
            assertThat(saga.paymentCaptured(id)).as("taken, not to be delivered again").isTrue();
            stale.add(now);
        });
        CheckoutSagaRow left = saga.driveAsOwner(row(id), placed -> { });
        assertThat(stale).hasSize(1);
        assertThat(left.state()).as("the first driver's record lost to the capture's").isEqualTo(CheckoutState.CLEARING_CART);
        assertThat(left.data().afterCart()).isEqualTo(CheckoutState.CONFIRMING_STOCK);
        assertThat(saga.driveAsOwner(id).state()).isEqualTo(CheckoutState.PAID);
        assertThat(store.orderStatuses(id)).containsExactly(OrderStatus.PAID);
        assertThat(participants.cart).isEmpty();
        assertThat(participants.effects("takeOffCart")).as("the repeated cart call took nothing more").isEqualTo(1);
    }

    @Test
    void a_cancellation_or_a_declined_payment_while_the_cart_is_tidied_cancels_the_checkout() {
        for (boolean declined : List.of(false, true)) {
            participants.cart.put("sku_1", 2);
            CheckoutId id = startCart();
            participants.during.put("takeOffCart", () -> {
                participants.during.remove("takeOffCart");
                assertThat(declined ? saga.paymentFailed(id) : saga.cancel(id, "changed my mind")).isTrue();
            });
            saga.driveAsOwner(row(id), placed -> { });
            CheckoutSagaRow cancelled = saga.driveAsOwner(id);
            assertThat(cancelled.state()).isEqualTo(CheckoutState.CANCELLED);
            assertThat(cancelled.data().reason()).isEqualTo(declined ? "the payment was declined" : "changed my mind");
            assertThat(store.orderStatuses(id)).containsExactly(OrderStatus.CANCELLED);
            assertThat(participants.reservations).containsEntry(id, "RELEASED");
            assertThat(participants.holds).containsEntry(id, "RELEASED");
            if (!declined) {
                assertThat(participants.payments).containsEntry(cancelled.data().payment(), "CANCELLED");
            }
        }
    }

    @Test
    void an_empty_cart_is_refused_and_takes_nothing() {
        participants.cart.clear();
        CheckoutId id = startCart();
        CheckoutSagaRow failed = saga.drive(id);
        assertThat(failed.state()).isEqualTo(CheckoutState.FAILED);
        assertThat(failed.problem().status()).isEqualTo(422);
        assertThat(failed.problem().type()).isEqualTo("empty-cart");
        assertThat(participants.effects).containsOnlyKeys("releasePromotions");
        assertThat(store.orders).isEmpty();
    }

    @Test
    void a_refused_reservation_releases_the_promotions_and_opens_no_payment() {
        participants.failing.put("reserve", () -> new ConflictException("insufficient-stock", "sku_1: 1 left",
                Map.of("skuId", "sku_1")));
        CheckoutId id = startCart();
        CheckoutSagaRow failed = saga.drive(id);
        assertThat(failed.state()).isEqualTo(CheckoutState.FAILED);
        assertThat(failed.problem().type()).isEqualTo("insufficient-stock");
        assertThat(failed.problem().properties()).containsEntry("skuId", "sku_1");
        assertThat(participants.holds).containsEntry(id, "RELEASED");
        assertThat(participants.payments).isEmpty();
        assertThat(participants.cart).as("a refused checkout leaves the cart").containsEntry("sku_1", 2);
    }

    @Test
    void a_refused_payment_releases_the_stock_and_the_promotions() {
        participants.failing.put("openPayment", () -> new io.emporium.platform.problem.UnprocessableException("amount-too-large",
                "too much"));
        CheckoutId id = startCart();
        assertThat(saga.drive(id).state()).isEqualTo(CheckoutState.FAILED);
        assertThat(participants.reservations).containsEntry(id, "RELEASED");
        assertThat(participants.holds).containsEntry(id, "RELEASED");
    }

    @Test
    void a_failing_compensation_never_skips_the_others_and_is_retried_until_it_succeeds() {
        CheckoutId id = startCart();
        saga.drive(id);
        // the orders could not be placed (refused), the stock release keeps failing: the payment is cancelled anyway
        CheckoutSagaRow placedRow = row(id);
        store.sagas.put(id, placedRow.moved(CheckoutState.FAILING, placedRow.data(), clock.instant()));
        participants.failing.put("releaseStock", () -> new ServiceUnavailableException("dependency-unavailable", "inventory away",
                Map.of()));
        CheckoutSagaRow stuck = saga.drive(id);
        assertThat(stuck.state()).isEqualTo(CheckoutState.FAILING);
        assertThat(stuck.lastError()).contains("inventory away");
        assertThat(stuck.data().undone()).containsExactlyInAnyOrder("payment", "promotions");
        assertThat(participants.payments).containsValue("CANCELLED");
        assertThat(participants.holds).containsEntry(id, "RELEASED");
        assertThat(participants.reservations).containsEntry(id, "RESERVED");
        assertThat(store.due(clock.instant(), 10)).as("backing off").doesNotContain(id);

        participants.failing.clear();
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.due(clock.instant(), 10)).contains(id);
        assertThat(saga.drive(id).state()).isEqualTo(CheckoutState.FAILED);
        assertThat(participants.reservations).containsEntry(id, "RELEASED");
        assertThat(participants.effects("cancelPayment")).isEqualTo(1);
        assertThat(participants.effects("releasePromotions")).isEqualTo(1);
        assertThat(participants.effects("releaseStock")).isEqualTo(1);
    }

    @Test
    void a_participant_that_is_down_leaves_the_saga_where_it_is_until_it_is_back() {
        participants.failing.put("openPayment", () -> new IllegalStateException("connection refused"));
        CheckoutId id = startCart();
        CheckoutSagaRow waiting = saga.drive(id);
        assertThat(waiting.state()).isEqualTo(CheckoutState.OPENING_PAYMENT);
        assertThat(waiting.attempts()).isEqualTo(1);
        CheckoutSagaRow again = saga.drive(id);
        assertThat(again.attempts()).as("each failure counts").isEqualTo(2);
        participants.failing.clear();
        clock.advance(Duration.ofMinutes(2));
        assertThat(saga.drive(id).state()).isEqualTo(CheckoutState.AWAITING_PAYMENT);
        assertThat(participants.effects("reserve")).isEqualTo(1);
    }

    @ParameterizedTest(name = "crash after {0}")
    @ValueSource(strings = {"hold", "reserve", "openPayment", "takeOffCart", "confirm", "redeem"})
    void a_crash_after_any_participant_call_is_resumed_with_one_effect_each(String operation) {
        participants.crashAfter = operation;
        CheckoutId id = startCart();
        driveThroughPayment(id);
        assertThat(participants.effects).containsOnlyKeys("hold", "reserve", "openPayment", "takeOffCart", "confirm", "redeem")
                .allSatisfy((op, count) -> assertThat(count).as(op).isEqualTo(1));
        assertThat(store.orders.get(id)).hasSize(1);
        assertThat(store.orderStatuses(id)).containsExactly(OrderStatus.PAID);
    }

    @ParameterizedTest(name = "crash after writing {0}")
    @ValueSource(strings = {"CLEARING_CART", "AWAITING_PAYMENT", "CONFIRMING_STOCK"})
    void a_crash_after_any_recorded_step_is_resumed_with_one_effect_each(String state) {
        store.crashAfterWriting = CheckoutState.valueOf(state);
        CheckoutId id = startCart();
        driveThroughPayment(id);
        assertThat(participants.effects).allSatisfy((op, count) -> assertThat(count).as(op).isEqualTo(1));
        assertThat(store.orderStatuses(id)).containsExactly(OrderStatus.PAID);
    }

    @Test
    void a_checkout_is_recorded_where_it_stops_not_at_every_step() {
        CheckoutId id = startCart();
        CheckoutSagaRow inserted = store.save(row(id).leased(clock.instant().plus(CheckoutSaga.LEASE))); // as a request inserts it
        store.written.clear();
        assertThat(saga.driveAsOwner(inserted).state()).isEqualTo(CheckoutState.AWAITING_PAYMENT);
        assertThat(store.written).as("the orders placed, then waiting for the money")
                .containsExactly(CheckoutState.CLEARING_CART, CheckoutState.AWAITING_PAYMENT);
        participants.payments.put(row(id).data().payment(), "CAPTURED");
        saga.paymentCaptured(id);
        assertThat(saga.driveAsOwner(id).state()).isEqualTo(CheckoutState.PAID);
        assertThat(store.written).containsExactly(CheckoutState.CLEARING_CART, CheckoutState.AWAITING_PAYMENT,
                CheckoutState.CONFIRMING_STOCK, CheckoutState.PAID);
    }

    @Test
    void a_slow_step_is_recorded_when_half_the_lease_is_spent() {
        participants.during.put("reserve", () -> clock.advance(CheckoutSaga.LEASE.dividedBy(2).plusSeconds(1)));
        CheckoutId id = startCart();
        saga.drive(id);
        assertThat(store.written).as("leased, then recorded after the slow reservation, with its lease renewed")
                .startsWith(CheckoutState.PRICING, CheckoutState.OPENING_PAYMENT);
        assertThat(row(id).state()).isEqualTo(CheckoutState.AWAITING_PAYMENT);
    }

    @Test
    void a_saga_refused_after_a_resume_undoes_what_the_lost_steps_took() {
        participants.crashAfter = "openPayment";
        CheckoutId id = startCart();
        assertThatThrownBy(() -> saga.drive(id)).isInstanceOf(FakeParticipants.Crash.class);
        assertThat(row(id).state()).as("nothing recorded since the lease").isEqualTo(CheckoutState.PRICING);
        participants.cart.clear(); // meanwhile the customer emptied the cart: the resumed saga is refused
        CheckoutSagaRow failed = restartAndResume(id);
        assertThat(failed.state()).isEqualTo(CheckoutState.FAILED);
        assertThat(failed.problem().type()).isEqualTo("empty-cart");
        assertThat(participants.payments).containsEntry(new PaymentId("pay_" + id), "CANCELLED");
        assertThat(participants.reservations).containsEntry(id, "RELEASED");
        assertThat(participants.holds).containsEntry(id, "RELEASED");
        assertThat(store.orders).isEmpty();
    }

    @Test
    void a_paid_checkout_refused_after_a_resume_is_refunded_its_amount() {
        participants.crashAfter = "openPayment";
        CheckoutId id = startCart();
        assertThatThrownBy(() -> saga.drive(id)).isInstanceOf(FakeParticipants.Crash.class);
        participants.payments.put(new PaymentId("pay_" + id), "CAPTURED");
        participants.cart.clear();
        assertThat(restartAndResume(id).state()).isEqualTo(CheckoutState.FAILED);
        assertThat(participants.refunds).containsExactly("pay_" + id + "/checkout-failed");
    }

    /** Drives the checkout to PAID, restarting the "process" whenever it crashes. */
    private void driveThroughPayment(CheckoutId id) {
        boolean paid = false;
        for (int round = 0; round < 6; round++) {
            try {
                CheckoutSagaRow now = round == 0 ? saga.drive(id) : restartAndResumeOrDrive(id);
                if (now.state() == CheckoutState.AWAITING_PAYMENT && !paid) {
                    participants.payments.put(now.data().payment(), "CAPTURED");
                    paid = true;
                    saga.paymentCaptured(id);
                    now = saga.driveAsOwner(id);
                }
                if (now.state() == CheckoutState.PAID) {
                    return;
                }
            } catch (FakeParticipants.Crash crash) {
                // the process died here; the next round restarts it
            }
        }
        throw new AssertionError("not paid: " + row(id));
    }

    private CheckoutSagaRow restartAndResumeOrDrive(CheckoutId id) {
        return row(id).state().isDrivable() ? restartAndResume(id) : row(id);
    }

    @Test
    void a_customer_cancels_a_checkout_waiting_for_its_payment() {
        CheckoutId id = startCart();
        saga.drive(id);
        assertThat(saga.cancel(id, "cancelled by the customer")).isTrue();
        assertThat(saga.driveAsOwner(id).state()).isEqualTo(CheckoutState.CANCELLED);
        assertThat(store.orderStatuses(id)).containsExactly(OrderStatus.CANCELLED);
        assertThat(participants.payments).containsValue("CANCELLED");
        assertThat(participants.reservations).containsEntry(id, "RELEASED");
        assertThat(participants.holds).containsEntry(id, "RELEASED");
        assertThat(saga.cancel(id, "again")).as("only a waiting checkout can be cancelled").isFalse();
    }

    @Test
    void a_cancellation_that_finds_the_payment_captured_ends_paid() {
        CheckoutId id = startCart();
        CheckoutSagaRow placed = saga.drive(id);
        participants.payments.put(placed.data().payment(), "CAPTURED");
        assertThat(saga.cancel(id, "not paid within 30 minutes")).isTrue();
        assertThat(saga.driveAsOwner(id).state()).isEqualTo(CheckoutState.PAID);
        assertThat(store.orderStatuses(id)).containsExactly(OrderStatus.PAID);
        assertThat(saga.paymentCaptured(id)).as("its capture event, late, changes nothing").isTrue();
        assertThat(participants.effects("confirm")).isEqualTo(1);
    }

    @Test
    void a_declined_payment_gives_everything_back() {
        CheckoutId id = startCart();
        saga.drive(id);
        assertThat(saga.paymentFailed(id)).isTrue();
        assertThat(saga.driveAsOwner(id).state()).isEqualTo(CheckoutState.CANCELLED);
        assertThat(participants.reservations).containsEntry(id, "RELEASED");
        assertThat(participants.holds).containsEntry(id, "RELEASED");
        assertThat(participants.effects("cancelPayment")).as("a declined payment is not cancelled again").isZero();
    }

    @Test
    void money_that_arrives_after_the_stock_hold_ended_is_refunded() {
        CheckoutId id = startCart();
        CheckoutSagaRow placed = saga.drive(id);
        participants.reservations.put(id, "RELEASED"); // expired meanwhile
        participants.payments.put(placed.data().payment(), "CAPTURED");
        saga.paymentCaptured(id);
        assertThat(saga.driveAsOwner(id).state()).isEqualTo(CheckoutState.CANCELLED);
        assertThat(participants.refunds).containsExactly(placed.data().paymentId() + "/stock-released");
        assertThat(store.orderStatuses(id)).containsExactly(OrderStatus.CANCELLED);
        assertThat(store.orders.get(id).getFirst().timeline().getLast().note()).contains("refunded");
    }

    @Test
    void a_payment_event_before_the_orders_exist_is_to_be_delivered_again() {
        CheckoutId id = startCart();
        assertThat(saga.paymentCaptured(id)).isFalse();
        assertThat(saga.paymentFailed(id)).isFalse();
        assertThat(saga.paymentCaptured(new CheckoutId("chk_unknown"))).as("no such checkout: nothing to wait for").isTrue();
    }

    @Test
    void a_flash_purchase_of_a_sku_no_longer_on_sale_releases_its_units() {
        participants.skuPurchasable = false;
        CheckoutId id = start(CheckoutData.flash(SHIP_TO, "sku_9", 1));
        CheckoutSagaRow failed = saga.drive(id);
        assertThat(failed.state()).isEqualTo(CheckoutState.FAILED);
        assertThat(failed.problem().type()).isEqualTo("not-on-sale");
        assertThat(participants.holds).containsEntry(id, "RELEASED");
    }

    @Test
    void a_flash_purchase_becomes_an_order_without_touching_the_cart() {
        CheckoutId id = start(CheckoutData.flash(SHIP_TO, "sku_9", 1));
        assertThat(saga.drive(id).state()).isEqualTo(CheckoutState.AWAITING_PAYMENT);
        assertThat(participants.effects("takeOffCart")).isZero();
        assertThat(store.orders.get(id).getFirst().lines().getFirst().skuId()).isEqualTo("sku_9");
    }

    @Test
    void a_second_driver_never_moves_a_saga_another_one_holds() {
        CheckoutId id = startCart();
        CheckoutSagaRow fresh = row(id);
        store.save(fresh.leased(clock.instant().plus(CheckoutSaga.LEASE))); // another driver took it a moment ago
        assertThat(saga.drive(id).state()).isEqualTo(CheckoutState.PRICING);
        assertThat(participants.effects).isEmpty();
        assertThatThrownBy(() -> store.save(fresh)).isInstanceOf(CheckoutStore.StaleCheckoutSaga.class);
    }

    @Test
    void one_cart_checkout_at_a_time_per_customer() {
        CheckoutId first = startCart();
        CheckoutSagaRow second = new CheckoutSagaRow(new CheckoutId("chk_second"), new CustomerId("cus_1"), "another-key", "hash",
                CheckoutState.PRICING, CheckoutData.cart(SHIP_TO, List.of()), null, 0, null, clock.instant(), 1, clock.instant());
        assertThat(store.insert(second)).isEqualTo(CheckoutStore.Insert.CART_BUSY);
        saga.drive(first);
        assertThat(store.insert(second)).as("once the first has its orders").isEqualTo(CheckoutStore.Insert.INSERTED);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
