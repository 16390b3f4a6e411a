package io.emporium.inventory.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Stock held for an order: RESERVED, then CONFIRMED (sold), RELEASED (given back) or EXPIRED
 * (given back by the expiry job). Confirming and releasing are idempotent; every other move out
 * of a final state is refused with the current state named.
 */
public final class Reservation {

    private final String id;
    private final String orderRef;
    private final List<ReservationLine> lines;
    private final Instant expiresAt;
    private final Instant createdAt;
    private final boolean pool;
    private ReservationStatus status;

    public Reservation(String id, String orderRef, List<ReservationLine> lines, Instant expiresAt, Instant createdAt,
            ReservationStatus status) {
        this(id, orderRef, lines, expiresAt, createdAt, status, false);
    }

    public Reservation(String id, String orderRef, List<ReservationLine> lines, Instant expiresAt, Instant createdAt,
            ReservationStatus status, boolean pool) {
        this.pool = pool;
        this.id = Objects.requireNonNull(id);
        this.orderRef = Objects.requireNonNull(orderRef);
        this.lines = lines.stream().sorted(Comparator.comparing(l -> l.sku().value())).toList();
        this.expiresAt = Objects.requireNonNull(expiresAt);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.status = Objects.requireNonNull(status);
        if (this.lines.isEmpty()) {
            throw new IllegalArgumentException("a reservation needs at least one line");
        }
        if (new HashSet<>(this.lines.stream().map(ReservationLine::sku).toList()).size() != this.lines.size()) {
            throw new IllegalArgumentException("a reservation names each SKU once");
        }
    }

    /** A new reservation; the expiry must lie in the future. */
    public static Reservation place(String id, String orderRef, List<ReservationLine> lines, Instant expiresAt, Instant now) {
        return place(id, orderRef, lines, expiresAt, now, false);
    }

    /** A new reservation (or pool); the expiry must lie in the future and every line hold at least one unit. */
    public static Reservation place(String id, String orderRef, List<ReservationLine> lines, Instant expiresAt, Instant now,
            boolean pool) {
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("expiresAt must be in the future");
        }
        if (lines.stream().anyMatch(l -> l.quantity() < 1)) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
        if (pool && lines.stream().anyMatch(l -> l.fromPool() != null)) {
            throw new IllegalArgumentException("a pool cannot take its units from another pool");
        }
        return new Reservation(id, orderRef, lines, expiresAt, now, ReservationStatus.RESERVED, pool);
    }

    /**
     * RESERVED → CONFIRMED. Returns false if it already was (nothing to do). A reservation past
     * its expiry cannot be confirmed even before the job has released it.
     */
    public boolean confirm(Instant now) {
        if (status == ReservationStatus.CONFIRMED) {
            return false;
        }
        if (pool) {
            throw new IllegalArgumentException("a pool is never confirmed; reservations taken out of it are");
        }
        if (status != ReservationStatus.RESERVED || !now.isBefore(expiresAt)) {
            throw new IllegalReservationTransition(id,
                    status == ReservationStatus.RESERVED ? ReservationStatus.EXPIRED : status, ReservationStatus.CONFIRMED);
        }
        status = ReservationStatus.CONFIRMED;
        return true;
    }

    /** RESERVED → RELEASED. Returns false if it already was released or expired (stock already back). */
    public boolean release() {
        if (status == ReservationStatus.RELEASED || status == ReservationStatus.EXPIRED) {
            return false;
        }
        if (status != ReservationStatus.RESERVED) {
            throw new IllegalReservationTransition(id, status, ReservationStatus.RELEASED);
        }
        status = ReservationStatus.RELEASED;
        return true;
    }

    /** RESERVED → EXPIRED when its time has come; false (no change) otherwise. */
    public boolean expire(Instant now) {
        if (status != ReservationStatus.RESERVED || now.isBefore(expiresAt)) {
            return false;
        }
        status = ReservationStatus.EXPIRED;
        return true;
    }

    public boolean sameRequestAs(String otherOrderRef, List<ReservationLine> otherLines) {
        return sameRequestAs(otherOrderRef, otherLines, false);
    }

    /**
     * Whether a repeated reserve request asks for exactly this reservation. A pool shrinks as it is
     * used, so for a pool the same order reference and SKUs suffice.
     */
    public boolean sameRequestAs(String otherOrderRef, List<ReservationLine> otherLines, boolean otherPool) {
        if (pool || otherPool) {
            return pool == otherPool && orderRef.equals(otherOrderRef)
                    && lines.stream().map(l -> l.sku().value()).sorted().toList()
                            .equals(otherLines.stream().map(l -> l.sku().value()).sorted().toList());
        }
        return orderRef.equals(otherOrderRef)
                && lines.equals(otherLines.stream().sorted(Comparator.comparing(l -> l.sku().value())).toList());
    }

    public String id() {
        return id;
    }

    public String orderRef() {
        return orderRef;
    }

    public List<ReservationLine> lines() {
        return lines;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public ReservationStatus status() {
        return status;
    }

    public boolean pool() {
        return pool;
    }
}
