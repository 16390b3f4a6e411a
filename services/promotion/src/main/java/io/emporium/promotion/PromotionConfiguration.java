package io.emporium.promotion;

import io.emporium.coordination.Fence;
import io.emporium.kernel.Money;
import io.emporium.messaging.Outbox;
import io.emporium.messaging.OutboxSource;
import io.emporium.platform.persistence.ServiceSchema;
import io.emporium.platform.security.AuthorizationRules;
import io.emporium.platform.service.EmporiumService;
import io.emporium.promotion.application.PromotionSettings;
import io.emporium.promotion.domain.ShippingRule;
import io.emporium.promotion.domain.Stacking;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** The promotion center: coupons, time-limited prices, threshold discounts, flash sales and the pricing engine. */
@Configuration(proxyBeanMethods = false)
@EmporiumService(name = "promotion", schema = "promotion", uses = {"catalog", "inventory"})
@ComponentScan
public class PromotionConfiguration {

    @Bean
    ServiceSchema promotionSchema(DataSource dataSource) {
        return ServiceSchema.migrate(dataSource, "promotion", Outbox.MIGRATIONS, Fence.MIGRATIONS);
    }

    @Bean
    OutboxSource promotionOutbox() {
        return new OutboxSource("promotion");
    }

    @Bean
    PromotionSettings promotionSettings(
            @Value("${emporium.pricing.stacking.threshold-on-time-limited:true}") boolean thresholdOnTimeLimited,
            @Value("${emporium.pricing.stacking.threshold-on-flash:false}") boolean thresholdOnFlash,
            @Value("${emporium.pricing.stacking.coupon-on-flash:false}") boolean couponOnFlash,
            @Value("${emporium.pricing.stacking.coupon-on-threshold:true}") boolean couponOnThreshold,
            @Value("${emporium.pricing.stacking.threshold-on-threshold:true}") boolean thresholdOnThreshold,
            @Value("${emporium.currency:CNY}") String currency,
            @Value("${emporium.pricing.shipping-fee:10.00}") String shippingFee,
            @Value("${emporium.pricing.free-shipping-from:99.00}") String freeShippingFrom,
            @Value("${emporium.promotion.flash.buckets:8}") int buckets,
            @Value("${emporium.promotion.flash.admission-batch:256}") int batch,
            @Value("${emporium.promotion.flash.admission-queue:20000}") int queue,
            @Value("${emporium.promotion.flash.per-customer-per-second:5}") int perCustomer,
            @Value("${emporium.promotion.flash.global-per-second:20000}") int global) {
        ShippingRule shipping = new ShippingRule(Money.of(shippingFee, currency),
                freeShippingFrom.isBlank() ? null : Money.of(freeShippingFrom, currency));
        return new PromotionSettings(new Stacking(thresholdOnTimeLimited, thresholdOnFlash, couponOnFlash, couponOnThreshold,
                thresholdOnThreshold), shipping, buckets, batch, queue, perCustomer, global);
    }

    @Bean
    AuthorizationRules promotionPublicReads() {
        return registry -> registry.requestMatchers(HttpMethod.GET, "/api/promotions/flash-sales",
                "/api/promotions/flash-sales/*", "/api/promotions/coupon-templates", "/api/promotions/coupon-templates/*", "/api/promotions/sku-prices")
                .permitAll();
    }
}
