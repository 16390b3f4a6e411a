package io.emporium.promotion.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.emporium.kernel.FlashSaleId;
import io.emporium.promotion.domain.FlashSale;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * What the purchase endpoint needs to refuse most requests without touching the database: the
 * sale's definition (cached for a second) and whether it was found sold out. A sold-out mark is
 * trusted for two seconds, then one request goes to the database again (units may have come
 * back from cancelled orders, possibly in another process).
 */
@Component
public class FlashSaleCache {

    private static final long SOLD_OUT_TRUST_NANOS = Duration.ofSeconds(2).toNanos();

    private final FlashRepository flash;
    private final Cache<FlashSaleId, Optional<FlashSale>> sales = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(1)).build();
    private final ConcurrentMap<FlashSaleId, Long> soldOutSince = new ConcurrentHashMap<>();

    public FlashSaleCache(FlashRepository flash) {
        this.flash = flash;
    }

    public Optional<FlashSale> sale(FlashSaleId id) {
        return sales.get(id, flash::sale);
    }

    public boolean soldOut(FlashSaleId saleId) {
        Long since = soldOutSince.get(saleId);
        if (since == null) {
            return false;
        }
        if (System.nanoTime() - since > SOLD_OUT_TRUST_NANOS) {
            soldOutSince.remove(saleId, since); // let the next request look again
            return false;
        }
        return true;
    }

    public void markSoldOut(FlashSaleId saleId) {
        soldOutSince.put(saleId, System.nanoTime());
    }

    public void unitsReturned(FlashSaleId saleId) {
        soldOutSince.remove(saleId);
    }
}
