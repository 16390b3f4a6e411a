package io.emporium.promotion.application;

import io.emporium.kernel.FlashSaleId;
import io.emporium.promotion.domain.FlashClaim;
import io.emporium.promotion.domain.FlashSale;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Flash sales, their buckets, claims and customers' counts, as the use cases need them (JdbcFlashRepository stores them). */
public interface FlashRepository {

    boolean overlaps(String skuId, Instant from, Instant until);

    void insert(FlashSale s, List<Integer> bucketStock);

    Optional<FlashSale> sale(FlashSaleId id);

    /** Sales not cancelled that have not ended by {@code at} (upcoming and active), soonest first. */
    List<FlashSale> current(Instant at, int limit);

    List<FlashSale> all(Optional<String> merchantId, int limit);

    /** Sales active at {@code at} for the given SKUs. */
    List<FlashSale> activeFor(Collection<String> skuIds, Instant at);

    List<FlashSaleId> endedUnsettled(Instant at, int limit);

    Optional<FlashSale> lockSale(FlashSaleId id);

    /** Records a settled (or cancelled) sale's new state. */
    void saveState(FlashSale sale, Instant at);

    /** Units left in each sale's buckets, in one query. */
    java.util.Map<FlashSaleId, Integer> remaining(Collection<FlashSaleId> saleIds);

    int remaining(FlashSaleId saleId);

    /** The sale's row share-locked (settlement locks it for update): its current status and end. */
    Optional<FlashSale> lockSaleShared(FlashSaleId id);

    /** Takes up to {@code want} units from one bucket (row locked until commit); returns how many it took. */
    int take(FlashSaleId saleId, int bucket, int want);

    void putBack(FlashSaleId saleId, int bucket, int quantity);

    /** Counts units against the customer's limit; false (and no change) if that would exceed it. */
    boolean countAgainstLimit(FlashSaleId saleId, String customerId, int quantity, int limit);

    /**
     * Counts each customer's units against the limit in one statement; returns the customers whose
     * units were counted (the others would have gone over the limit and are unchanged). Each
     * customer may appear once.
     */
    java.util.Set<String> countAgainstLimit(FlashSaleId saleId, List<String> customers, List<Integer> quantities,
            int limit);

    /** Gives units back to the customers' limits, in one statement; each customer may appear once. */
    void uncount(FlashSaleId saleId, List<String> customers, List<Integer> quantities);

    /**
     * Inserts admitted purchases' claims in one statement (ref = id); keys and addresses may be null.
     * Returns the ids inserted: a claim whose (customer, Idempotency-Key) another transaction has just
     * used is left out, and the caller undoes what it took for it.
     */
    java.util.Set<String> insertClaims(List<FlashClaim> claims, List<String> keys, List<String> addresses);

    /** Earlier purchases under the given (customer, Idempotency-Key) pairs, by {@code customer + "\n" + key}. */
    java.util.Map<String, FlashClaim> claimsByKeys(List<String> customers, List<String> keys);

    void uncount(FlashSaleId saleId, String customerId, int quantity);

    int bought(FlashSaleId saleId, String customerId);

    void insertClaim(FlashClaim c, String idempotencyKey, String address);

    Optional<FlashClaim> claim(String id);

    Optional<FlashClaim> claimFor(FlashSaleId saleId, String ref);

    List<FlashClaim> claimsOf(String ref, boolean lock);

    /** Records a claim's new state (it was read locked, by {@link #claimsOf(String, boolean)}). */
    void saveState(FlashClaim claim, Instant at);
}
