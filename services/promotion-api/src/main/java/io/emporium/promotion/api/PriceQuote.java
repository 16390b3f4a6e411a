package io.emporium.promotion.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emporium.kernel.Money;
import java.util.List;

/**
 * A priced cart (see docs/api.md "Pricing"): per line the unit price and its source (LIST,
 * TIME_LIMITED, FLASH), the discounts apportioned to it and its total; per merchant the goods,
 * discount, shipping and total; and the order-level discounts with their full amounts.
 * {@code pool} on a flash line names the stock pool its units are held in.
 */
public record PriceQuote(String currency, List<Line> lines, List<Adjustment> discounts, List<MerchantTotal> merchants,
        Money subtotal, Money discount, Money shipping, Money total) {

    @Schema(name = "QuoteAdjustment")
    public record Adjustment(String promotionId, String kind, String name, Money amount) {
    }

    @Schema(name = "QuoteLine")
    public record Line(String skuId, String merchantId, int quantity, Money listUnitPrice, Money unitPrice, @Schema(allowableValues = {"LIST", "TIME_LIMITED", "FLASH"}) String priceSource,
            @Schema(nullable = true) String pricePromotionId, @Schema(nullable = true) String pool, Money subtotal, List<Adjustment> discounts, Money discount, Money total) {
    }

    @Schema(name = "QuoteMerchantTotal")
    public record MerchantTotal(String merchantId, Money subtotal, Money discount, Money shipping, Money total) {
    }
}
