package io.emporium.inventory.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A reservation as other services see it; status is RESERVED, CONFIRMED, RELEASED or EXPIRED. */
public record ReservationView(String id, String orderRef, @Schema(allowableValues = {"RESERVED", "CONFIRMED", "RELEASED", "EXPIRED"}) String status, List<Line> lines, Instant expiresAt,
        Instant createdAt, boolean pool) {

    /** {@code fromPool} names the pool the units were taken from, if any; a pool's own quantity is what is left in it. */
    @Schema(name = "ReservationLine")
    public record Line(String skuId, long quantity, @Schema(nullable = true) String fromPool) {
    }
}
