package io.emporium.promotion.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.emporium.kernel.FlashSaleId;
import io.emporium.platform.problem.BadRequestException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.problem.TooManyRequestsException;
import io.emporium.promotion.api.FlashPurchaseRequest;
import io.emporium.kernel.PostalAddress;
import io.emporium.promotion.domain.ShippingRule;
import io.emporium.promotion.domain.Stacking;
import io.emporium.promotion.domain.FlashSale;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The purchase endpoint's rate limits are decided before anything else, and each request is
 * validated in full before it may enter a batch, all without the database.
 */
class FlashPurchaseChecksTest {

    static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    private static final FlashPurchaseRequest ONE = new FlashPurchaseRequest(1,
            new PostalAddress("Ada", "+86 138 0000 1234", "1 Century Avenue", null, "Shanghai", null, "200120", "CN"));

    static {
        // the validator's first look at a class is slow; the rate limits' one-second window must not see it
        VALIDATOR.validate(ONE);
    }

    /** Knows no sale: a request that gets past the limits is answered 404. */
    private static final class NoSales extends FlashSaleCache {
        NoSales() {
            super(null);
        }

        @Override
        public Optional<FlashSale> sale(FlashSaleId id) {
            return Optional.empty();
        }
    }

    /** The checks alone: whatever gets past them would be queued (here: answered 404, no sale is known). */
    private static Checks admission(int perCustomer, int global) {
        PromotionSettings settings = new PromotionSettings(Stacking.defaults(),
                ShippingRule.free(Currency.getInstance("CNY")), 8, 256, 100, perCustomer, global);
        FlashPurchaseChecks checks = new FlashPurchaseChecks(new NoSales(), VALIDATOR, Clock.systemUTC(), settings);
        return (saleId, customerId, key, request) -> checks.vet(new FlashSaleId(saleId), customerId, key, request);
    }

    private interface Checks {
        FlashSale purchase(String saleId, String customerId, String key, FlashPurchaseRequest request);
    }

    @Test
    void the_global_limit_answers_429_with_a_retry_after() {
        Checks admission = admission(100, 3);
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
        Checks admission = admission(2, 1000);
        catchThrowableOfType(NotFoundException.class, () -> admission.purchase("fls_x", "cus_a", null, ONE));
        catchThrowableOfType(NotFoundException.class, () -> admission.purchase("fls_x", "cus_a", null, ONE));
        assertThat(catchThrowableOfType(TooManyRequestsException.class,
                () -> admission.purchase("fls_x", "cus_a", null, ONE))).isNotNull();
        assertThat(catchThrowableOfType(NotFoundException.class, () -> admission.purchase("fls_x", "cus_b", null, ONE)))
                .as("another customer is not limited").isNotNull();
    }

    static PostalAddress address(String name, String line1, String city) {
        return new PostalAddress(name, "+86 138 0000 1234", line1, null, city, null, "200120", "CN");
    }

    @Test
    void a_request_that_could_fail_its_batch_is_refused_before_it_enters_one() {
        Checks admission = admission(100, 1000);
        assertThat(catchThrowableOfType(NotFoundException.class, () -> admission.purchase("fls_x", "cus_ok", null, ONE)))
                .as("a valid request gets as far as the sale").isNotNull();
        // an address the database could not store cannot even be made: the kernel's PostalAddress refuses it
        for (String[] bad : new String[][] {{"Ada\u0000", "1 Century Avenue", "Shanghai"}, {"Ada", "1 Century\nAvenue", "Shanghai"},
                {"Ada", "1 Century Avenue", "Shang\ud800hai"}, {"A".repeat(101), "1 Century Avenue", "Shanghai"},
                {" ", "1 Century Avenue", "Shanghai"}}) {
            assertThat(catchThrowableOfType(io.emporium.kernel.InvalidValue.class, () -> address(bad[0], bad[1], bad[2])))
                    .as(String.join("|", bad)).isNotNull();
        }
        for (FlashPurchaseRequest bad : java.util.List.of(
                new FlashPurchaseRequest(0, address("Ada", "1 Century Avenue", "Shanghai")),
                new FlashPurchaseRequest(101, address("Ada", "1 Century Avenue", "Shanghai")),
                new FlashPurchaseRequest(null, address("Ada", "1 Century Avenue", "Shanghai")),
                new FlashPurchaseRequest(1, null))) {
            BadRequestException refused = catchThrowableOfType(BadRequestException.class,
                    () -> admission.purchase("fls_x", "cus_" + bad.hashCode(), null, bad));
            assertThat(refused).as(String.valueOf(bad)).isNotNull();
            assertThat(refused.type()).isEqualTo("invalid-request");
        }
    }
}
