package io.emporium.order;

import io.emporium.coordination.Fence;
import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.OrderId;
import io.emporium.kernel.PaymentId;
import io.emporium.messaging.EventSubscription;
import io.emporium.order.api.OrderRefunded;
import io.emporium.messaging.Outbox;
import io.emporium.messaging.OutboxSource;
import io.emporium.order.application.CheckoutService;
import io.emporium.order.application.OrderService;
import io.emporium.promotion.api.FlashPurchaseAdmitted;
import io.emporium.order.application.OrderSettings;
import io.emporium.cart.api.CartApi;
import io.emporium.catalog.api.CatalogApi;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.order.infrastructure.ApiParticipants;
import io.emporium.order.infrastructure.JdbcCheckoutStore;
import io.emporium.order.application.OrderRepository;
import io.emporium.order.saga.CheckoutParticipants;
import io.emporium.order.saga.CheckoutSaga;
import io.emporium.order.saga.CheckoutStore;
import io.emporium.payment.api.PaymentApi;
import io.emporium.promotion.api.PromotionApi;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import io.emporium.payment.api.PaymentCaptured;
import io.emporium.payment.api.PaymentFailed;
import io.emporium.payment.api.PaymentRefunded;
import io.emporium.platform.persistence.ServiceSchema;
import io.emporium.platform.service.EmporiumService;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The order center: checkout, orders, and the saga steps it takes on payment events. */
@Configuration(proxyBeanMethods = false)
@EmporiumService(name = "order", schema = "orders", uses = {"cart", "catalog", "inventory", "payment", "promotion"})
@ComponentScan
public class OrderConfiguration {

    @Bean
    ServiceSchema orderSchema(DataSource dataSource) {
        return ServiceSchema.migrate(dataSource, "orders", Outbox.MIGRATIONS, Fence.MIGRATIONS);
    }

    @Bean
    OutboxSource orderOutbox() {
        return new OutboxSource("orders");
    }

    @Bean
    OrderSettings orderSettings(@Value("${emporium.order.payment-timeout:PT30M}") Duration paymentTimeout,
            @Value("${emporium.order.auto-complete-after:P7D}") Duration autoCompleteAfter) {
        return new OrderSettings(paymentTimeout, autoCompleteAfter);
    }

    @Bean
    CheckoutStore checkoutStore(JdbcClient jdbc, JsonMapper json, TransactionTemplate transactions, OrderRepository orders,
            Clock clock) {
        return new JdbcCheckoutStore(jdbc, json, transactions, orders, clock);
    }

    @Bean
    CheckoutParticipants checkoutParticipants(CartApi carts, CatalogApi catalog, PromotionApi promotions,
            InventoryApi inventory, PaymentApi payments) {
        return new ApiParticipants(carts, catalog, promotions, inventory, payments);
    }

    @Bean
    CheckoutSaga checkoutSaga(CheckoutStore store, CheckoutParticipants participants, Clock clock, OrderSettings settings) {
        return new CheckoutSaga(store, participants, clock, settings.paymentTimeout());
    }

    /**
     * Threads that drive sagas for requests and after events. Platform threads, not virtual ones: with virtual
     * threads the checkout scenario's latency grew by an order of magnitude under load on a 2-CPU machine (the
     * drivers share two carrier threads with everything else that runs on virtual threads); see docs/benchmarks.md.
     */
    @Bean(destroyMethod = "shutdown")
    ExecutorService checkoutDrivers() {
        return Executors.newCachedThreadPool(Thread.ofPlatform().name("checkout-saga-", 0).daemon(true).factory());
    }

    @Bean
    CheckoutService checkoutService(CheckoutSaga saga, CheckoutStore store, CartApi carts, PromotionApi promotions,
            ExecutorService checkoutDrivers, JsonMapper json, Clock clock,
            @Value("${emporium.order.checkout-answer-within:PT10S}") Duration answerWithin) {
        return new CheckoutService(saga, store, carts, promotions, checkoutDrivers, json, clock, answerWithin);
    }

    @Bean
    EventSubscription<PaymentCaptured> onPaymentCaptured(OrderService orders) {
        return new EventSubscription<>("order.payment-captured", "orders", PaymentCaptured.class,
                e -> orders.paymentCaptured(new CheckoutId(e.checkoutId()), new PaymentId(e.paymentId())));
    }

    @Bean
    EventSubscription<PaymentFailed> onPaymentFailed(OrderService orders) {
        return new EventSubscription<>("order.payment-failed", "orders", PaymentFailed.class,
                e -> orders.paymentFailed(new CheckoutId(e.checkoutId())));
    }

    @Bean
    EventSubscription<FlashPurchaseAdmitted> onFlashPurchaseAdmitted(CheckoutService checkouts) {
        return new EventSubscription<>("order.flash-purchase-admitted", "orders", FlashPurchaseAdmitted.class,
                checkouts::placeFlashOrder);
    }

    @Bean
    EventSubscription<PaymentRefunded> onPaymentRefunded(OrderService orders) {
        return new EventSubscription<>("order.payment-refunded", "orders", PaymentRefunded.class,
                e -> orders.paymentRefunded(e.refundId()));
    }

    /** Calls inventory, so outside a transaction: {@link OrderService#returnRefundedStock} is idempotent by order. */
    @Bean
    EventSubscription<OrderRefunded> onOrderRefunded(OrderService orders) {
        return EventSubscription.outsideTransaction("order.return-refunded-stock", "orders", OrderRefunded.class,
                e -> orders.returnRefundedStock(new OrderId(e.orderId())));
    }
}
