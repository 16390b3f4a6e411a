package io.emporium.inventory.infrastructure;

import io.emporium.inventory.application.StockRepository;
import io.emporium.inventory.domain.Reservation;
import io.emporium.inventory.domain.ReservationLine;
import io.emporium.inventory.domain.ReservationStatus;
import io.emporium.inventory.domain.Stock;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.SkuId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Inventory's tables. Every change of stock is one conditional UPDATE, so concurrent requests
 * can never take more than is available; the table's CHECKs back this up.
 */
@Repository
public class JdbcStockRepository implements StockRepository {

    private final JdbcClient jdbc;

    public JdbcStockRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** Creates the stock row if missing; returns the merchant that owns the SKU's stock. */
    @Override
    public MerchantId register(SkuId sku, MerchantId merchant, Instant now) {
        jdbc.sql("""
                INSERT INTO inventory.stock_item (sku_id, merchant_id, updated_at) VALUES (:sku, :merchant, :now)
                ON CONFLICT (sku_id) DO NOTHING""")
                .param("sku", sku.value()).param("merchant", merchant.value()).param("now", ts(now)).update();
        return jdbc.sql("SELECT merchant_id FROM inventory.stock_item WHERE sku_id = :sku")
                .param("sku", sku.value()).query((rs, n) -> new MerchantId(rs.getString(1))).single();
    }

    @Override
    public Optional<Stock> find(SkuId sku) {
        return jdbc.sql("SELECT * FROM inventory.stock_item WHERE sku_id = :sku")
                .param("sku", sku.value()).query(JdbcStockRepository::stock).optional();
    }

    @Override
    public Map<String, Long> available(Collection<String> skus) {
        Map<String, Long> result = new HashMap<>();
        if (skus.isEmpty()) {
            return result;
        }
        jdbc.sql("SELECT sku_id, available FROM inventory.stock_item WHERE sku_id IN (:skus)")
                .param("skus", skus)
                .query(rs -> {
                    result.put(rs.getString(1), rs.getLong(2));
                });
        return result;
    }

    /** Records a receipt; false if one with this id exists already. */
    @Override
    public boolean insertReceipt(String receiptId, SkuId sku, long quantity, Instant now) {
        return jdbc.sql("""
                INSERT INTO inventory.receipt (id, sku_id, quantity, received_at) VALUES (:id, :sku, :q, :now)
                ON CONFLICT (id) DO NOTHING""")
                .param("id", receiptId).param("sku", sku.value()).param("q", quantity).param("now", ts(now))
                .update() == 1;
    }

    @Override
    public Optional<Map.Entry<String, Long>> findReceipt(String receiptId) {
        return jdbc.sql("SELECT sku_id, quantity FROM inventory.receipt WHERE id = :id").param("id", receiptId)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).optional();
    }

    @Override
    public void addReceived(SkuId sku, long quantity, Instant now) {
        jdbc.sql("""
                UPDATE inventory.stock_item SET received = received + :q, available = available + :q, updated_at = :now
                WHERE sku_id = :sku""")
                .param("q", quantity).param("sku", sku.value()).param("now", ts(now)).update();
    }

    /** available → reserved, only if enough is available. */
    @Override
    public boolean reserveUnits(SkuId sku, long quantity, Instant now) {
        return jdbc.sql("""
                UPDATE inventory.stock_item SET available = available - :q, reserved = reserved + :q, updated_at = :now
                WHERE sku_id = :sku AND available >= :q""")
                .param("q", quantity).param("sku", sku.value()).param("now", ts(now)).update() == 1;
    }

    /** reserved → sold. */
    @Override
    public void sellReserved(SkuId sku, long quantity, Instant now) {
        requireOne(jdbc.sql("""
                UPDATE inventory.stock_item SET reserved = reserved - :q, sold = sold + :q, updated_at = :now
                WHERE sku_id = :sku AND reserved >= :q""")
                .param("q", quantity).param("sku", sku.value()).param("now", ts(now)).update(), sku);
    }

    /** reserved → available. */
    @Override
    public void returnReserved(SkuId sku, long quantity, Instant now) {
        requireOne(jdbc.sql("""
                UPDATE inventory.stock_item SET reserved = reserved - :q, available = available + :q, updated_at = :now
                WHERE sku_id = :sku AND reserved >= :q""")
                .param("q", quantity).param("sku", sku.value()).param("now", ts(now)).update(), sku);
    }

    private static void requireOne(int updated, SkuId sku) {
        if (updated != 1) {
            throw new IllegalStateException("reserved stock of " + sku + " is less than a reservation holds");
        }
    }

    /** Units of {@code sku} already returned from a reservation. */
    @Override
    public long returned(String reservationId, SkuId sku) {
        return jdbc.sql("SELECT coalesce(sum(quantity), 0) FROM inventory.stock_return WHERE reservation_id = :r AND sku_id = :s")
                .param("r", reservationId).param("s", sku.value()).query(Long.class).single();
    }

    /** The lines of an earlier return with this id, empty if there was none. */
    @Override
    public Map<String, Long> findReturn(String returnId, String reservationId) {
        Map<String, Long> lines = new java.util.TreeMap<>();
        jdbc.sql("SELECT sku_id, quantity FROM inventory.stock_return WHERE id = :id AND reservation_id = :r")
                .param("id", returnId).param("r", reservationId)
                .query(rs -> {
                    lines.put(rs.getString(1), rs.getLong(2));
                });
        return lines;
    }

    /** sold → available for a returned line, recorded under the return id. */
    @Override
    public void returnSold(String returnId, String reservationId, SkuId sku, long quantity, Instant now) {
        jdbc.sql("INSERT INTO inventory.stock_return (id, reservation_id, sku_id, quantity, returned_at) VALUES (:id, :r, :sku, :q, :now)")
                .param("id", returnId).param("r", reservationId).param("sku", sku.value()).param("q", quantity)
                .param("now", ts(now)).update();
        int updated = jdbc.sql("UPDATE inventory.stock_item SET sold = sold - :q, available = available + :q, updated_at = :now"
                        + " WHERE sku_id = :sku AND sold >= :q")
                .param("q", quantity).param("sku", sku.value()).param("now", ts(now)).update();
        if (updated != 1) {
            throw new IllegalStateException("sold stock of " + sku + " is less than a return gives back");
        }
    }

    /** Inserts the reservation (without lines); false if a reservation with this id exists. */
    @Override
    public boolean insert(Reservation reservation) {
        int inserted = jdbc.sql("""
                INSERT INTO inventory.reservation (id, order_ref, status, expires_at, created_at, updated_at, pool)
                VALUES (:id, :order, :status, :expires, :created, :created, :pool)
                ON CONFLICT (id) DO NOTHING""")
                .param("id", reservation.id()).param("pool", reservation.pool()).param("order", reservation.orderRef())
                .param("status", reservation.status().name()).param("expires", ts(reservation.expiresAt()))
                .param("created", ts(reservation.createdAt())).update();
        return inserted == 1;
    }

    @Override
    public void insertLines(Reservation reservation) {
        for (ReservationLine line : reservation.lines()) {
            jdbc.sql("INSERT INTO inventory.reservation_line (reservation_id, sku_id, quantity, from_pool) VALUES (:id, :sku, :q, :pool)")
                    .param("id", reservation.id()).param("sku", line.sku().value()).param("q", line.quantity())
                    .param("pool", line.fromPool()).update();
        }
    }

    /** Loads a reservation, locking its row (before its lines are read) until the transaction ends when {@code lock} is set. */
    @Override
    public Optional<Reservation> findReservation(String id, boolean lock) {
        record Head(String orderRef, Instant expiresAt, Instant createdAt, ReservationStatus status, boolean pool) {
        }
        Optional<Head> head = jdbc.sql("SELECT * FROM inventory.reservation WHERE id = :id" + (lock ? " FOR UPDATE" : ""))
                .param("id", id)
                .query((rs, n) -> new Head(rs.getString("order_ref"), instant(rs, "expires_at"), instant(rs, "created_at"),
                        ReservationStatus.valueOf(rs.getString("status")), rs.getBoolean("pool")))
                .optional();
        return head.map(h -> new Reservation(id, h.orderRef(), jdbc.sql(
                        "SELECT sku_id, quantity, from_pool FROM inventory.reservation_line WHERE reservation_id = :id")
                .param("id", id).query((rs, n) -> new ReservationLine(new SkuId(rs.getString(1)), rs.getLong(2), rs.getString(3)))
                .list(), h.expiresAt(), h.createdAt(), h.status(), h.pool()));
    }

    /**
     * Share-locks a pool and tells whether it is still open (reserved and not past its expiry).
     * Closing a pool takes its row for update, so takings and returns never cross a closing.
     */
    @Override
    public boolean lockOpenPool(String poolId, Instant now) {
        return jdbc.sql("""
                SELECT 1 FROM inventory.reservation WHERE id = :id AND pool AND status = 'RESERVED' AND expires_at > :now
                FOR SHARE""").param("id", poolId).param("now", ts(now)).query(Integer.class).optional().isPresent();
    }

    @Override
    public boolean takeFromPool(String poolId, SkuId sku, long quantity) {
        return jdbc.sql("""
                UPDATE inventory.reservation_line SET quantity = quantity - :q
                WHERE reservation_id = :pool AND sku_id = :sku AND quantity >= :q""")
                .param("q", quantity).param("pool", poolId).param("sku", sku.value()).update() == 1;
    }

    @Override
    public void returnToPool(String poolId, SkuId sku, long quantity) {
        int updated = jdbc.sql("""
                UPDATE inventory.reservation_line SET quantity = quantity + :q WHERE reservation_id = :pool AND sku_id = :sku""")
                .param("q", quantity).param("pool", poolId).param("sku", sku.value()).update();
        if (updated != 1) {
            throw new IllegalStateException("pool " + poolId + " has no line for SKU " + sku);
        }
    }

    @Override
    public void updateStatus(Reservation reservation, Instant now) {
        jdbc.sql("UPDATE inventory.reservation SET status = :status, updated_at = :now WHERE id = :id")
                .param("status", reservation.status().name()).param("now", ts(now)).param("id", reservation.id()).update();
    }

    /** Ids of reservations past their expiry, locked; rows another sweeper holds are skipped. */
    @Override
    public List<String> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM inventory.reservation WHERE status = 'RESERVED' AND expires_at <= :now
                ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("now", ts(now)).param("limit", limit).query(String.class).list();
    }

    private static Stock stock(ResultSet rs, int row) throws SQLException {
        return new Stock(new SkuId(rs.getString("sku_id")), new MerchantId(rs.getString("merchant_id")),
                rs.getLong("received"), rs.getLong("available"), rs.getLong("reserved"), rs.getLong("sold"),
                instant(rs, "updated_at"));
    }
}
