package io.emporium.inventory.api;

import io.emporium.kernel.Idempotent;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;

/**
 * What other services may ask of inventory. In one JVM it is bound to inventory's controller;
 * across processes to an HTTP client. Every command is idempotent: reservations by their id,
 * receipts by theirs, registrations by SKU.
 */
@HttpExchange("/api/inventory/internal")
public interface InventoryApi {

    /** Starts tracking stock (zero) for new SKUs of a merchant. Repeating it changes nothing. */
    @Idempotent
    @PostExchange("/sku-registrations")
    void registerSkus(@Valid @RequestBody SkuRegistration registration);

    /** Availability of the given SKUs, in request order; unknown SKUs are OUT_OF_STOCK. */
    @Idempotent
    @PostExchange("/availability-queries")
    List<SkuAvailability> availability(@Valid @RequestBody AvailabilityQuery query);

    @GetExchange("/skus/{skuId}")
    StockLevel stockLevel(@PathVariable("skuId") String skuId);

    /** Receives stock on behalf of the owning merchant (used by trusted services such as demo data). */
    @PostExchange("/skus/{skuId}/receipts")
    StockLevel receive(@PathVariable("skuId") String skuId, @Valid @RequestBody StockReceipt receipt);

    /**
     * Reserves every line or none (409 {@code insufficient-stock} naming the SKU). Repeating the
     * same request returns the same reservation; another request with the same id is a 409.
     */
    @PutExchange("/reservations/{reservationId}")
    ReservationView reserve(@PathVariable("reservationId") String reservationId, @Valid @RequestBody ReserveStock request);

    /** Reserved units become sold. Idempotent; 409 when the reservation was released or expired. */
    @Idempotent
    @PostExchange("/reservations/{reservationId}/confirmation")
    ReservationView confirm(@PathVariable("reservationId") String reservationId);

    /** Reserved units become available again. Idempotent; 409 when the reservation was confirmed. */
    @Idempotent
    @PostExchange("/reservations/{reservationId}/release")
    ReservationView release(@PathVariable("reservationId") String reservationId);

    /**
     * Sold units of a confirmed reservation come back to available stock (a refunded order).
     * Idempotent by returnId; never more than the reservation sold per SKU.
     */
    @PutExchange("/reservations/{reservationId}/returns/{returnId}")
    ReservationView returnStock(@PathVariable("reservationId") String reservationId, @PathVariable("returnId") String returnId,
            @Valid @RequestBody StockReturn stockReturn);

    @GetExchange("/reservations/{reservationId}")
    ReservationView reservation(@PathVariable("reservationId") String reservationId);
}
