package io.emporium.promotion.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.emporium.kernel.FlashSaleId;
import io.emporium.platform.problem.BadRequestException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.problem.TooManyRequestsException;
import io.emporium.promotion.api.FlashPurchaseRequest;
import io.emporium.promotion.domain.FlashSale;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * What the purchase endpoint refuses in memory, before a request may queue: the rate limits
 * first (429), then the request in full (400), then the sale as cached (404, 409 outside its
 * window, 422 over the limit, 409 recently sold out). What passes cannot fail a batch by its data.
 */
@Component
public class FlashPurchaseChecks {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{8,128}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final FlashSaleCache cache;
    private final Validator validator;
    private final Clock clock;
    private final RateLimiter global;
    private final RateLimiterConfig perCustomerConfig;
    private final Cache<String, RateLimiter> perCustomer = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterAccess(Duration.ofMinutes(2)).build();

    public FlashPurchaseChecks(FlashSaleCache cache, Validator validator, Clock clock, PromotionSettings settings) {
        this.cache = cache;
        this.validator = validator;
        this.clock = clock;
        this.global = RateLimiter.of("flash-purchases", RateLimiterConfig.custom().limitForPeriod(settings.globalPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build());
        this.perCustomerConfig = RateLimiterConfig.custom().limitForPeriod(settings.perCustomerPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build();
    }

    /** The sale the request may be queued for, or the problem that refuses it. */
    public FlashSale vet(FlashSaleId saleId, String customerId, String idempotencyKey, FlashPurchaseRequest request) {
        if (!global.acquirePermission()) {
            throw new TooManyRequestsException("rate-limited", "too many flash purchases right now; try again shortly", 1);
        }
        if (!perCustomer.get(customerId, c -> RateLimiter.of("flash-" + c, perCustomerConfig)).acquirePermission()) {
            throw new TooManyRequestsException("rate-limited", "too many purchase attempts from this account; slow down", 1);
        }
        if (idempotencyKey != null && !KEY.matcher(idempotencyKey).matches()) {
            throw new BadRequestException("invalid-idempotency-key",
                    "an Idempotency-Key is 8 to 128 letters, digits, '_', '.', ':' or '-'");
        }
        requireValid(request);
        if (!COUNTRIES.contains(request.shippingAddress().country())) {
            throw new BadRequestException("invalid-request",
                    "shippingAddress.country: not an ISO 3166 country code");
        }
        FlashSale sale = cache.sale(saleId).orElseThrow(
                () -> new NotFoundException("unknown-flash-sale", "flash sale " + saleId + " does not exist"));
        Instant now = clock.instant();
        if (!sale.openAt(now)) {
            throw FlashProblems.ended(sale);
        }
        if (sale.phase(now) == FlashSale.Phase.UPCOMING) {
            throw FlashProblems.notStarted(sale);
        }
        if (request.quantity() > sale.perCustomerLimit()) {
            throw FlashProblems.overLimit(sale);
        }
        if (cache.soldOut(saleId)) {
            throw FlashProblems.soldOut(saleId);
        }
        return sale;
    }

    /**
     * The whole request, checked here whoever calls (not only the controller's {@code @Valid}): what
     * enters a batch must not be able to fail it.
     */
    private void requireValid(FlashPurchaseRequest request) {
        if (request == null) {
            throw new BadRequestException("invalid-request", "a flash purchase names a quantity and a shippingAddress");
        }
        Set<ConstraintViolation<FlashPurchaseRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new BadRequestException("invalid-request", violations.stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        }
    }
}
