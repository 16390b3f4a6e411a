package io.emporium.order.domain;

import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.OrderId;
import io.emporium.kernel.PaymentId;
import io.emporium.kernel.PostalAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.kernel.Money;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every action from every state: allowed ones move as the map says, all others throw naming the current state. */
class OrderStateMachineTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    record Action(String name, Consumer<Order> apply, Set<OrderStatus> allowedFrom) {
    }

    static final List<Action> ACTIONS = List.of(
            new Action("markPaid", o -> o.markPaid(NOW), EnumSet.of(OrderStatus.PENDING_PAYMENT)),
            new Action("cancel", o -> o.cancel(NOW, "test"), EnumSet.of(OrderStatus.PENDING_PAYMENT)),
            new Action("ship", o -> o.ship("SF", "SF123456", NOW), EnumSet.of(OrderStatus.PAID)),
            new Action("confirmDelivery", o -> o.confirmDelivery(NOW, "ok"), EnumSet.of(OrderStatus.SHIPPED)),
            new Action("complete", o -> o.complete(NOW), EnumSet.of(OrderStatus.DELIVERED)),
            new Action("requestRefund", o -> o.requestRefund(NOW, "why"), EnumSet.of(OrderStatus.PAID)),
            new Action("rejectRefund", o -> o.rejectRefund(NOW, "no"), EnumSet.of(OrderStatus.REFUND_REQUESTED)),
            new Action("approveRefund", o -> o.approveRefund(NOW, "yes"), EnumSet.of(OrderStatus.REFUND_REQUESTED)));

    /** An order brought into {@code status} the legal way. */
    static Order in(OrderStatus status) {
        Order o = Order.place(new OrderId("ord_1"), new CheckoutId("chk_1"), new CustomerId("cus_1"), new MerchantId("mer_1"),
                List.of(new OrderLine("sku_1", "prd_1", "Lantern", Map.of("colour", "red"), 2, Money.of("59.90", "CNY"))),
                new PostalAddress("Ada", "+86 138", "1 Road", null, "Shanghai", null, "200120", "CN"), new PaymentId("pay_1"), NOW);
        switch (status) {
            case PENDING_PAYMENT -> { }
            case CANCELLED -> o.cancel(NOW, "x");
            case PAID -> o.markPaid(NOW);
            case SHIPPED -> { o.markPaid(NOW); o.ship("SF", "SF123456", NOW); }
            case DELIVERED -> { o.markPaid(NOW); o.ship("SF", "SF123456", NOW); o.confirmDelivery(NOW, "x"); }
            case COMPLETED -> { o.markPaid(NOW); o.ship("SF", "SF123456", NOW); o.confirmDelivery(NOW, "x"); o.complete(NOW); }
            case REFUND_REQUESTED -> { o.markPaid(NOW); o.requestRefund(NOW, "x"); }
            case REFUNDED -> { o.markPaid(NOW); o.requestRefund(NOW, "x"); o.approveRefund(NOW, null); o.refunded(NOW); }
        }
        assertThat(o.status()).isEqualTo(status);
        return o;
    }

    @Test
    void every_action_from_every_state() {
        for (OrderStatus from : OrderStatus.values()) {
            for (Action action : ACTIONS) {
                Order order = in(from);
                int steps = order.timeline().size();
                if (action.allowedFrom().contains(from)) {
                    action.apply().accept(order);
                    assertThat(order.timeline()).as(action.name() + " from " + from).hasSize(steps + 1);
                } else {
                    assertThatThrownBy(() -> action.apply().accept(order)).as(action.name() + " from " + from)
                            .isInstanceOf(IllegalOrderTransition.class).hasMessageContaining(from.name());
                    assertThat(order.status()).isEqualTo(from);
                    assertThat(order.timeline()).hasSize(steps);
                }
            }
        }
    }

    @Test
    void a_refund_completes_only_after_approval_and_approval_is_idempotent() {
        Order order = in(OrderStatus.REFUND_REQUESTED);
        assertThatThrownBy(() -> order.refunded(NOW)).isInstanceOf(IllegalOrderTransition.class);
        assertThat(order.approveRefund(NOW, null)).isTrue();
        assertThat(order.approveRefund(NOW, null)).isFalse();
        assertThatThrownBy(() -> order.rejectRefund(NOW, "too late")).isInstanceOf(IllegalOrderTransition.class);
        order.refunded(NOW);
        assertThat(order.status()).isEqualTo(OrderStatus.REFUNDED);
    }

    @Test
    void the_total_is_the_sum_of_the_lines_at_checkout_prices() {
        assertThat(in(OrderStatus.PENDING_PAYMENT).total()).isEqualTo(Money.of("119.80", "CNY"));
    }
}
