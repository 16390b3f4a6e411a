package io.emporium.catalog.domain;

import io.emporium.kernel.MerchantId;
import io.emporium.kernel.PageRequest;
import java.math.BigDecimal;
import java.util.Optional;

/** What a product listing is filtered and ordered by. */
public record ListingQuery(Optional<String> text, Optional<String> categoryId, Optional<MerchantId> merchant,
        Optional<BigDecimal> minPrice, Optional<BigDecimal> maxPrice, boolean includeUnpublished, Sort sort,
        PageRequest page) {

    public enum Sort { RELEVANCE, NEWEST, PRICE_ASC, PRICE_DESC }
}
