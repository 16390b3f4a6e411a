package io.emporium.inventory.application;

import io.emporium.inventory.domain.Reservation;
import io.emporium.inventory.domain.Stock;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.SkuId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stock, receipts, reservations and stock pools, as the use cases need them (JdbcStockRepository stores them). */
public interface StockRepository {

    /** Creates the stock row if missing; returns the merchant that owns the SKU's stock. */
    MerchantId register(SkuId sku, MerchantId merchant, Instant now);

    Optional<Stock> find(SkuId sku);

    Map<String, Long> available(Collection<String> skus);

    /** Records a receipt; false if one with this id exists already. */
    boolean insertReceipt(String receiptId, SkuId sku, long quantity, Instant now);

    Optional<Map.Entry<String, Long>> findReceipt(String receiptId);

    void addReceived(SkuId sku, long quantity, Instant now);

    /** available → reserved, only if enough is available. */
    boolean reserveUnits(SkuId sku, long quantity, Instant now);

    /** reserved → sold. */
    void sellReserved(SkuId sku, long quantity, Instant now);

    /** reserved → available. */
    void returnReserved(SkuId sku, long quantity, Instant now);

    /** Units of {@code sku} already returned from a reservation. */
    long returned(String reservationId, SkuId sku);

    /** The lines of an earlier return with this id, empty if there was none. */
    Map<String, Long> findReturn(String returnId, String reservationId);

    /** sold → available for a returned line, recorded under the return id. */
    void returnSold(String returnId, String reservationId, SkuId sku, long quantity, Instant now);

    /** Inserts the reservation (without lines); false if a reservation with this id exists. */
    boolean insert(Reservation reservation);

    void insertLines(Reservation reservation);

    /** Loads a reservation, locking its row (before its lines are read) until the transaction ends when {@code lock} is set. */
    Optional<Reservation> findReservation(String id, boolean lock);

    /**
     * Share-locks a pool and tells whether it is still open (reserved and not past its expiry).
     * Closing a pool takes its row for update, so takings and returns never cross a closing.
     */
    boolean lockOpenPool(String poolId, Instant now);

    boolean takeFromPool(String poolId, SkuId sku, long quantity);

    void returnToPool(String poolId, SkuId sku, long quantity);

    void updateStatus(Reservation reservation, Instant now);

    /** Ids of reservations past their expiry, locked; rows another sweeper holds are skipped. */
    List<String> lockDue(Instant now, int limit);
}
