package io.emporium.inventory.api;

import java.time.Instant;
import java.util.List;

/** A reservation as other services see it; status is RESERVED, CONFIRMED, RELEASED or EXPIRED. */
public record ReservationView(String id, String orderRef, String status, List<Line> lines, Instant expiresAt,
        Instant createdAt, boolean pool) {

    /** {@code fromPool} names the pool the units were taken from, if any; a pool's own quantity is what is left in it. */
    public record Line(String skuId, long quantity, String fromPool) {
    }
}
