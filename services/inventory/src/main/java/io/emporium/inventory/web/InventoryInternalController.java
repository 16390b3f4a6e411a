package io.emporium.inventory.web;

import io.swagger.v3.oas.annotations.Operation;
import io.emporium.inventory.api.AvailabilityQuery;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.ReservationView;
import io.emporium.inventory.api.ReserveStock;
import io.emporium.inventory.api.SkuAvailability;
import io.emporium.inventory.api.SkuRegistration;
import io.emporium.inventory.api.StockLevel;
import io.emporium.inventory.api.StockReceipt;
import io.emporium.inventory.api.StockReturn;
import io.emporium.inventory.application.InventoryService;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.SkuId;
import java.util.List;
import java.util.Optional;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.RestController;

/** Inventory's service-to-service API; also its local binding when callers run in this JVM. */
@RestController
@Transactional(propagation = Propagation.NOT_SUPPORTED) // a local call never joins the caller's transaction
public class InventoryInternalController implements InventoryApi {

    private final InventoryService inventory;

    public InventoryInternalController(InventoryService inventory) {
        this.inventory = inventory;
    }

    @Override
    @Operation(summary = "Register a merchant's new SKUs with no stock")
    public void registerSkus(SkuRegistration registration) {
        inventory.register(new MerchantId(registration.merchantId()),
                registration.skuIds().stream().map(SkuId::new).toList());
    }

    @Override
    @Operation(summary = "Availability of SKUs by id")
    public List<SkuAvailability> availability(AvailabilityQuery query) {
        return inventory.availability(query.skuIds());
    }

    @Override
    @Operation(summary = "A SKU's stock level")
    public StockLevel stockLevel(String skuId) {
        return inventory.stockLevel(new SkuId(skuId), Optional.empty());
    }

    @Override
    @Operation(summary = "Receive stock for a SKU (idempotent by receiptId)")
    public StockLevel receive(String skuId, StockReceipt receipt) {
        return inventory.receive(new SkuId(skuId), Optional.ofNullable(receipt.receiptId()), receipt.quantity(),
                Optional.empty());
    }

    @Override
    @Operation(summary = "Reserve stock for an order, all lines or none (idempotent by reservation id)")
    public ReservationView reserve(String reservationId, ReserveStock request) {
        return inventory.reserve(reservationId, request);
    }

    @Override
    @Operation(summary = "Confirm a reservation: reserved units become sold")
    public ReservationView confirm(String reservationId) {
        return inventory.confirm(reservationId);
    }

    @Override
    @Operation(summary = "Release a reservation: reserved units become available")
    public ReservationView release(String reservationId) {
        return inventory.release(reservationId);
    }

    @Override
    @Operation(summary = "Return sold units of a reservation to stock (idempotent by return id)")
    public ReservationView returnStock(String reservationId, String returnId, StockReturn stockReturn) {
        return inventory.returnStock(reservationId, returnId, stockReturn);
    }

    @Override
    @Operation(summary = "A reservation")
    public ReservationView reservation(String reservationId) {
        return inventory.reservation(reservationId);
    }
}
