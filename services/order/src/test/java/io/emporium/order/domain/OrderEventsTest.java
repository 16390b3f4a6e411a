package io.emporium.order.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.order.api.OrderCancelled;
import io.emporium.order.api.OrderCompleted;
import io.emporium.order.api.OrderDelivered;
import io.emporium.order.api.OrderPaid;
import io.emporium.order.api.OrderPlaced;
import io.emporium.order.api.OrderRefunded;
import io.emporium.order.api.OrderShipped;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order raises one event per fact its lifecycle reaches, and none for a step back. */
class OrderEventsTest {

    private static List<Class<?>> types(Order order) {
        return order.newEvents().stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void the_whole_way_raises_placed_paid_shipped_delivered_completed() {
        Order order = OrderStateMachineTest.in(OrderStatus.PENDING_PAYMENT);
        order.markPaid(OrderStateMachineTest.NOW);
        order.ship("SF", "SF123456", OrderStateMachineTest.NOW);
        order.confirmDelivery(OrderStateMachineTest.NOW, "ok");
        order.complete(OrderStateMachineTest.NOW);
        assertThat(types(order)).containsExactly(OrderPlaced.class, OrderPaid.class, OrderShipped.class, OrderDelivered.class,
                OrderCompleted.class);
        OrderShipped shipped = (OrderShipped) order.newEvents().get(2);
        assertThat(shipped.carrier()).isEqualTo("SF");
        assertThat(shipped.trackingNumber()).isEqualTo("SF123456");
        assertThat(((OrderPaid) order.newEvents().get(1)).total()).isEqualTo(order.total());
    }

    @Test
    void a_cancellation_and_a_refund_are_facts_too_a_rejected_refund_is_not() {
        Order cancelled = OrderStateMachineTest.in(OrderStatus.PENDING_PAYMENT);
        cancelled.cancel(OrderStateMachineTest.NOW, "declined");
        assertThat(types(cancelled)).containsExactly(OrderPlaced.class, OrderCancelled.class);

        Order refunded = OrderStateMachineTest.in(OrderStatus.PENDING_PAYMENT);
        refunded.markPaid(OrderStateMachineTest.NOW);
        refunded.requestRefund(OrderStateMachineTest.NOW, "broken");
        refunded.rejectRefund(OrderStateMachineTest.NOW, "no");
        refunded.requestRefund(OrderStateMachineTest.NOW, "still broken");
        refunded.approveRefund(OrderStateMachineTest.NOW, "yes");
        refunded.refunded(OrderStateMachineTest.NOW);
        assertThat(types(refunded)).containsExactly(OrderPlaced.class, OrderPaid.class, OrderRefunded.class);
    }
}
