package io.emporium.inventory.application;

import io.emporium.coordination.Fence;
import io.emporium.coordination.LeaderToken;
import io.emporium.inventory.api.ReservationView;
import io.emporium.inventory.api.ReserveStock;
import io.emporium.inventory.api.SkuAvailability;
import io.emporium.inventory.api.StockLevel;
import io.emporium.inventory.api.StockReturn;
import io.emporium.inventory.domain.IllegalReservationTransition;
import io.emporium.inventory.domain.ReservationStatus;
import java.util.HashMap;
import java.util.TreeMap;
import io.emporium.inventory.domain.Reservation;
import io.emporium.inventory.domain.ReservationLine;
import io.emporium.inventory.domain.Stock;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.SkuId;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.problem.UnprocessableException;
import io.emporium.platform.security.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Inventory's use cases. Each runs in one local transaction. */
@Service
public class InventoryService {

    /** No hold lasts longer than this; a longer one would lock stock away from buyers. */
    static final Duration MAX_HOLD = Duration.ofDays(1);
    static final Duration MAX_POOL_HOLD = Duration.ofDays(31);

    private final StockRepository stock;
    private final Clock clock;
    private final Fence fence;

    public InventoryService(StockRepository stock, Clock clock, Fence fence) {
        this.stock = stock;
        this.clock = clock;
        this.fence = fence;
    }

    @Transactional
    public void register(MerchantId merchant, List<SkuId> skus) {
        Instant now = clock.instant();
        for (SkuId sku : skus) {
            MerchantId owner = stock.register(sku, merchant, now);
            if (!owner.equals(merchant)) {
                throw new ConflictException("sku-owned-by-another-merchant", "SKU " + sku + " is tracked for another merchant");
            }
        }
    }

    @Transactional(readOnly = true)
    public List<SkuAvailability> availability(List<String> skuIds) {
        List<String> valid = skuIds.stream().filter(Identifiers::isValid).toList();
        Map<String, Long> available = stock.available(new LinkedHashSet<>(valid));
        return skuIds.stream().map(id -> SkuAvailability.of(id, available.getOrDefault(id, 0L))).toList();
    }

    @Transactional(readOnly = true)
    public StockLevel stockLevel(SkuId sku, Optional<Caller> caller) {
        Stock current = require(sku);
        caller.ifPresent(c -> c.requireOwnerOrAdmin(current.merchant()));
        return view(current);
    }

    /**
     * Adds received units. With a receipt id the call is idempotent: the same id again returns the
     * current level without adding; the same id for another SKU or quantity is a conflict.
     */
    @Transactional
    public StockLevel receive(SkuId sku, Optional<String> receiptId, long quantity, Optional<Caller> caller) {
        Stock current = require(sku);
        caller.ifPresent(c -> c.requireOwnerOrAdmin(current.merchant()));
        Instant now = clock.instant();
        String id = receiptId.orElseGet(() -> Identifiers.newId("rcp"));
        if (stock.insertReceipt(id, sku, quantity, now)) {
            if (current.received() + quantity > 1_000_000_000L) {
                throw new UnprocessableException("stock-limit", "SKU " + sku + " cannot hold more than 1000000000 units");
            }
            stock.addReceived(sku, quantity, now);
        } else {
            Map.Entry<String, Long> earlier = stock.findReceipt(id).orElseThrow();
            if (!earlier.getKey().equals(sku.value()) || earlier.getValue() != quantity) {
                throw new ConflictException("receipt-id-reused",
                        "receipt " + id + " was already used for another SKU or quantity");
            }
        }
        return view(require(sku));
    }

    @Transactional
    public ReservationView reserve(String reservationId, ReserveStock request) {
        Identifiers.requireValid(reservationId, "reservation id");
        Identifiers.requireValid(request.orderRef(), "orderRef");
        Instant now = clock.instant();
        Duration maxHold = request.isPool() ? MAX_POOL_HOLD : MAX_HOLD;
        if (request.expiresAt().isAfter(now.plus(maxHold))) {
            throw new UnprocessableException("hold-too-long", "expiresAt may be at most " + maxHold.toHours() + " hours ahead");
        }
        if (!request.expiresAt().isAfter(now)) {
            throw new UnprocessableException("hold-expired", "expiresAt must be in the future");
        }
        List<ReservationLine> lines = request.lines().stream()
                .map(l -> new ReservationLine(new SkuId(l.skuId()), l.quantity(), l.fromPool())).toList();
        Reservation reservation = Reservation.place(reservationId, request.orderRef(), lines, request.expiresAt(), now,
                request.isPool());
        if (!stock.insert(reservation)) {
            Reservation earlier = stock.findReservation(reservationId, false).orElseThrow();
            if (!earlier.sameRequestAs(request.orderRef(), lines, request.isPool())) {
                throw new ConflictException("reservation-id-reused",
                        "reservation " + reservationId + " already exists for a different request");
            }
            return view(earlier);
        }
        // Lines are sorted by SKU, so concurrent multi-line reservations lock rows in one order (no deadlock).
        for (ReservationLine line : reservation.lines()) {
            if (line.fromPool() != null) {
                takeFromPool(line, reservationId);
            } else if (!stock.reserveUnits(line.sku(), line.quantity(), now)) {
                Stock current = stock.find(line.sku()).orElseThrow(() -> new NotFoundException("unknown-sku",
                        "SKU " + line.sku() + " is not stocked"));
                throw new ConflictException("insufficient-stock",
                        "only " + current.available() + " of SKU " + line.sku() + " available, " + line.quantity() + " requested",
                        Map.of("skuId", line.sku().value(), "available", current.available()));
            }
        }
        stock.insertLines(reservation);
        return view(reservation);
    }

    /**
     * Moves units from an open pool to a reservation. The pool's row is share-locked, so a pool
     * being closed (which locks it for update) either sees this taking or is seen closed here.
     */
    private void takeFromPool(ReservationLine line, String reservationId) {
        String pool = line.fromPool();
        Identifiers.requireValid(pool, "fromPool");
        if (pool.equals(reservationId)) {
            throw new UnprocessableException("invalid-pool", "a reservation cannot take units from itself");
        }
        if (!stock.lockOpenPool(pool, clock.instant())) {
            throw new ConflictException("pool-closed", "stock pool " + pool + " is closed or does not exist",
                    Map.of("skuId", line.sku().value(), "pool", pool));
        }
        if (!stock.takeFromPool(pool, line.sku(), line.quantity())) {
            throw new ConflictException("insufficient-stock", "stock pool " + pool + " has fewer than " + line.quantity()
                    + " units of SKU " + line.sku() + " left", Map.of("skuId", line.sku().value(), "pool", pool));
        }
    }

    @Transactional
    public ReservationView confirm(String reservationId) {
        Instant now = clock.instant();
        Reservation reservation = lockReservation(reservationId);
        if (reservation.confirm(now)) {
            reservation.lines().forEach(line -> stock.sellReserved(line.sku(), line.quantity(), now));
            stock.updateStatus(reservation, now);
        }
        return view(reservation);
    }

    @Transactional
    public ReservationView release(String reservationId) {
        Instant now = clock.instant();
        Reservation reservation = lockReservation(reservationId);
        if (reservation.release()) {
            giveBack(reservation, now);
            stock.updateStatus(reservation, now);
        }
        return view(reservation);
    }

    /** Held units go back: to their pool while it is open, otherwise to available stock. */
    private void giveBack(Reservation reservation, Instant now) {
        for (ReservationLine line : reservation.lines()) {
            if (line.quantity() == 0) {
                continue;
            }
            if (line.fromPool() != null && stock.lockOpenPool(line.fromPool(), now)) {
                stock.returnToPool(line.fromPool(), line.sku(), line.quantity());
            } else {
                stock.returnReserved(line.sku(), line.quantity(), now);
            }
        }
    }

    /**
     * Gives sold units of a confirmed reservation back to available stock. The same return id
     * again changes nothing; another request under that id, or more than was sold, is refused.
     */
    @Transactional
    public ReservationView returnStock(String reservationId, String returnId, StockReturn request) {
        Identifiers.requireValid(returnId, "return id");
        Reservation reservation = lockReservation(reservationId);
        Map<String, Long> wanted = new TreeMap<>();
        request.lines().forEach(l -> wanted.merge(l.skuId(), l.quantity(), Long::sum));
        Map<String, Long> earlier = stock.findReturn(returnId, reservationId);
        if (!earlier.isEmpty()) {
            if (!earlier.equals(wanted)) {
                throw new ConflictException("return-id-reused", "return " + returnId + " was made with other lines");
            }
            return view(reservation);
        }
        if (reservation.status() != ReservationStatus.CONFIRMED) {
            throw new IllegalReservationTransition(reservationId, reservation.status(), ReservationStatus.CONFIRMED);
        }
        Instant now = clock.instant();
        Map<String, Long> sold = new HashMap<>();
        reservation.lines().forEach(l -> sold.put(l.sku().value(), l.quantity()));
        wanted.forEach((sku, quantity) -> {
            long returnable = sold.getOrDefault(sku, 0L) - stock.returned(reservationId, new SkuId(sku));
            if (quantity > returnable) {
                throw new UnprocessableException("return-too-large",
                        "only " + Math.max(returnable, 0) + " of SKU " + sku + " can still be returned from " + reservationId);
            }
            stock.returnSold(returnId, reservationId, new SkuId(sku), quantity, now);
        });
        return view(reservation);
    }

    @Transactional(readOnly = true)
    public ReservationView reservation(String reservationId) {
        return view(stock.findReservation(reservationId, false).orElseThrow(() -> unknownReservation(reservationId)));
    }

    /**
     * Releases up to {@code limit} reservations whose expiry has passed at {@code now}. Rows being
     * confirmed concurrently are locked and skipped; their confirmation decides. The job's leader
     * passes its fencing token: a deposed leader's pass changes nothing. Returns the count.
     */
    @Transactional
    public int expireDue(Instant now, int limit, LeaderToken leader) {
        fence.check("inventory", "reservation-expiry", leader);
        int expired = 0;
        // summed per SKU and applied in SKU order: the same lock order as reserve, confirm and release
        // (units taken from a pool go back to it while it is open, otherwise to available stock)
        Map<SkuId, Long> back = new TreeMap<>(java.util.Comparator.comparing(SkuId::value));
        Map<SkuId, Map<String, Long>> toPools = new TreeMap<>(java.util.Comparator.comparing(SkuId::value));
        for (String id : stock.lockDue(now, limit)) {
            Reservation reservation = stock.findReservation(id, true).orElseThrow();
            if (reservation.expire(now)) {
                for (ReservationLine line : reservation.lines()) {
                    if (line.fromPool() != null && line.quantity() > 0) {
                        toPools.computeIfAbsent(line.sku(), k -> new TreeMap<>()).merge(line.fromPool(), line.quantity(), Long::sum);
                    } else {
                        back.merge(line.sku(), line.quantity(), Long::sum);
                    }
                }
                stock.updateStatus(reservation, now);
                expired++;
            }
        }
        java.util.Set<SkuId> skus = new java.util.TreeSet<>(java.util.Comparator.comparing(SkuId::value));
        skus.addAll(back.keySet());
        skus.addAll(toPools.keySet());
        for (SkuId sku : skus) {
            long toStock = back.getOrDefault(sku, 0L);
            for (var pool : toPools.getOrDefault(sku, Map.of()).entrySet()) {
                if (stock.lockOpenPool(pool.getKey(), now)) {
                    stock.returnToPool(pool.getKey(), sku, pool.getValue());
                } else {
                    toStock += pool.getValue();
                }
            }
            if (toStock > 0) {
                stock.returnReserved(sku, toStock, now);
            }
        }
        return expired;
    }

    private Reservation lockReservation(String reservationId) {
        Identifiers.requireValid(reservationId, "reservation id");
        return stock.findReservation(reservationId, true).orElseThrow(() -> unknownReservation(reservationId));
    }

    private Stock require(SkuId sku) {
        return stock.find(sku).orElseThrow(() -> new NotFoundException("unknown-sku", "SKU " + sku + " is not stocked"));
    }

    private static NotFoundException unknownReservation(String id) {
        return new NotFoundException("unknown-reservation", "reservation " + id + " does not exist");
    }

    private static StockLevel view(Stock s) {
        return new StockLevel(s.sku().value(), s.merchant().value(), s.received(), s.available(), s.reserved(), s.sold(),
                s.updatedAt());
    }

    private static ReservationView view(Reservation r) {
        return new ReservationView(r.id(), r.orderRef(), r.status().name(),
                r.lines().stream().map(l -> new ReservationView.Line(l.sku().value(), l.quantity(), l.fromPool())).toList(),
                r.expiresAt(), r.createdAt(), r.pool());
    }
}
