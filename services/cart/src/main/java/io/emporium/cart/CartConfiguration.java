package io.emporium.cart;

import io.emporium.cart.domain.CartRules;
import io.emporium.kernel.Money;
import io.emporium.platform.persistence.ServiceSchema;
import io.emporium.platform.service.EmporiumService;
import java.util.Currency;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The cart service. */
@Configuration(proxyBeanMethods = false)
@EmporiumService(name = "cart", schema = "cart", uses = {"catalog", "inventory"})
@ComponentScan
public class CartConfiguration {

    @Bean
    ServiceSchema cartSchema(DataSource dataSource) {
        return ServiceSchema.migrate(dataSource, "cart");
    }

    @Bean
    CartRules cartRules(@Value("${emporium.cart.max-quantity-per-line:99}") int maxQuantity,
            @Value("${emporium.cart.max-lines:50}") int maxLines) {
        return new CartRules(maxQuantity, maxLines);
    }

    @Bean
    Currency cartDefaultCurrency(@Value("${emporium.currency:CNY}") String currency) {
        return Money.currencyOf(currency);
    }
}
