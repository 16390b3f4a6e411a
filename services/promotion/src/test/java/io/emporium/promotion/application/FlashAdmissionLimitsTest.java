package io.emporium.promotion.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.problem.TooManyRequestsException;
import io.emporium.promotion.api.FlashPurchaseRequest;
import io.emporium.promotion.api.ShipTo;
import io.emporium.promotion.domain.ShippingRule;
import io.emporium.promotion.domain.Stacking;
import io.emporium.promotion.infrastructure.FlashRepository.Sale;
import java.time.Clock;
import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The purchase endpoint's rate limits are decided before anything else, without the database. */
class FlashAdmissionLimitsTest {

    private static final FlashPurchaseRequest ONE = new FlashPurchaseRequest(1,
            new ShipTo("Ada", "+86 138 0000 1234", "1 Century Avenue", null, "Shanghai", null, "200120", "CN"));

    /** Knows no sale: a request that gets past the limits is answered 404. */
    private static final class NoSales extends FlashSaleCache {
        NoSales() {
            super(null);
        }

        @Override
        public Optional<Sale> sale(String id) {
            return Optional.empty();
        }
    }

    private static FlashAdmission admission(int perCustomer, int global) {
        PromotionSettings settings = new PromotionSettings(Stacking.defaults(),
                ShippingRule.free(Currency.getInstance("CNY")), 8, 256, 100, perCustomer, global);
        return new FlashAdmission(null, new NoSales(), null, null, null, Clock.systemUTC(), settings);
    }

    @Test
    void the_global_limit_answers_429_with_a_retry_after() {
        FlashAdmission admission = admission(100, 3);
        for (int i = 0; i < 3; i++) {
            String customer = "cus_" + i;
            catchThrowableOfType(NotFoundException.class, () -> admission.purchase("fls_x", customer, null, ONE));
        }
        TooManyRequestsException refused = catchThrowableOfType(TooManyRequestsException.class,
                () -> admission.purchase("fls_x", "cus_other", null, ONE));
        assertThat(refused.type()).isEqualTo("rate-limited");
        assertThat(refused.properties()).containsEntry("retryAfterSeconds", 1);
    }

    @Test
    void the_per_customer_limit_slows_one_customer_and_not_the_others() {
        FlashAdmission admission = admission(2, 1000);
        catchThrowableOfType(NotFoundException.class, () -> admission.purchase("fls_x", "cus_a", null, ONE));
        catchThrowableOfType(NotFoundException.class, () -> admission.purchase("fls_x", "cus_a", null, ONE));
        assertThat(catchThrowableOfType(TooManyRequestsException.class,
                () -> admission.purchase("fls_x", "cus_a", null, ONE))).isNotNull();
        assertThat(catchThrowableOfType(NotFoundException.class, () -> admission.purchase("fls_x", "cus_b", null, ONE)))
                .as("another customer is not limited").isNotNull();
    }
}
