package io.emporium.order;

import io.emporium.coordination.Fence;
import io.emporium.messaging.EventSubscription;
import io.emporium.messaging.Outbox;
import io.emporium.messaging.OutboxSource;
import io.emporium.order.application.CheckoutService;
import io.emporium.order.application.OrderService;
import io.emporium.promotion.api.FlashPurchaseAdmitted;
import io.emporium.order.application.OrderSettings;
import io.emporium.order.application.SagaBulkhead;
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
    SagaBulkhead sagaBulkhead(DataSource dataSource, @Value("${emporium.db.pool-size:20}") int configuredPoolSize,
            @Value("${emporium.order.busy-wait:PT10S}") Duration maxWait) {
        int poolSize = dataSource instanceof com.zaxxer.hikari.HikariDataSource hikari ? hikari.getMaximumPoolSize()
                : configuredPoolSize;
        return new SagaBulkhead(poolSize, maxWait);
    }

    @Bean
    EventSubscription<PaymentCaptured> onPaymentCaptured(OrderService orders) {
        return new EventSubscription<>("order.payment-captured", "orders", PaymentCaptured.class,
                e -> orders.paymentCaptured(e.checkoutId(), e.paymentId()));
    }

    @Bean
    EventSubscription<PaymentFailed> onPaymentFailed(OrderService orders) {
        return new EventSubscription<>("order.payment-failed", "orders", PaymentFailed.class,
                e -> orders.paymentFailed(e.checkoutId()));
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
}
