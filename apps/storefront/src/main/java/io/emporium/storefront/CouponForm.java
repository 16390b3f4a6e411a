package io.emporium.storefront;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The consoles' coupon form as the API's coupon template: a fixed amount, or an amount off from a minimum spend. */
final class CouponForm {

    private CouponForm() {
    }

    /** {@code merchantId} null: a platform-wide coupon; otherwise one covering that merchant's goods. */
    static Map<String, Object> template(String name, String amount, String minSpend, int days, int totalCap,
            int perCustomerLimit, String merchantId) {
        Instant now = Instant.now();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name.trim());
        body.put("kind", minSpend.isBlank() ? "FIXED" : "THRESHOLD");
        body.put("amount", Map.of("amount", amount.trim(), "currency", "CNY"));
        if (!minSpend.isBlank()) {
            body.put("minSpend", Map.of("amount", minSpend.trim(), "currency", "CNY"));
        }
        if (merchantId != null) {
            body.put("scope", Map.of("kind", "MERCHANT", "ids", List.of(merchantId)));
        }
        body.put("validFrom", now.toString());
        body.put("validUntil", now.plus(Duration.ofDays(Math.max(days, 1))).toString());
        body.put("totalCap", totalCap);
        body.put("perCustomerLimit", perCustomerLimit);
        return body;
    }
}
