package io.emporium.promotion.api;

import io.emporium.kernel.Money;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A coupon template: FIXED (amount off), PERCENT (percent off, at most maxDiscount) or THRESHOLD
 * (amount off once minSpend is reached); any kind may set minSpend. Customers claim coupons from
 * it between validFrom and validUntil and use them in that window; totalCap coupons are issued at
 * most, perCustomerLimit to one customer. A merchant's templates cover only its own goods.
 */
public record NewCouponTemplate(
        @NotBlank @Size(max = 100) String name,
        @NotNull @Pattern(regexp = "FIXED|PERCENT|THRESHOLD", message = "must be FIXED, PERCENT or THRESHOLD") String kind,
        Money amount,
        @DecimalMin(value = "0.01") @DecimalMax("100") BigDecimal percent,
        Money maxDiscount,
        Money minSpend,
        @Valid ScopeSpec scope,
        @NotNull Instant validFrom,
        @NotNull Instant validUntil,
        @NotNull @Min(1) @Max(10_000_000) Integer totalCap,
        @NotNull @Min(1) @Max(100) Integer perCustomerLimit) {
}
