package io.emporium.launcher;

import io.emporium.cart.CartConfiguration;
import io.emporium.catalog.CatalogConfiguration;
import io.emporium.coordination.CoordinationConfiguration;
import io.emporium.identity.IdentityConfiguration;
import io.emporium.inventory.InventoryConfiguration;
import io.emporium.messaging.MessagingConfiguration;
import io.emporium.order.OrderConfiguration;
import io.emporium.promotion.PromotionConfiguration;
import io.emporium.storefront.StorefrontConfiguration;
import io.emporium.payment.PaymentConfiguration;
import io.emporium.platform.PlatformConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Starts Emporium: the platform defaults, embedded or external infrastructure, and whichever
 * services {@code emporium.services} selects (all by default). Wiring is explicit: each service
 * contributes one configuration, which registers itself only when the service runs here.
 */
@SpringBootApplication
@EnableScheduling
@Import({PlatformConfiguration.class, CoordinationConfiguration.class, MessagingConfiguration.class,
        IdentityConfiguration.class, InventoryConfiguration.class, CatalogConfiguration.class, CartConfiguration.class,
        PromotionConfiguration.class, PaymentConfiguration.class, OrderConfiguration.class, StorefrontConfiguration.class})
public class EmporiumApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(EmporiumApplication.class);
        application.addListeners(new LaunchPreparation());
        application.run(args);
    }
}
