package io.emporium.inventory.web;

import io.swagger.v3.oas.annotations.Operation;
import io.emporium.inventory.api.StockLevel;
import io.emporium.inventory.api.StockReceipt;
import io.emporium.inventory.application.InventoryService;
import io.emporium.kernel.SkuId;
import io.emporium.platform.security.CurrentCaller;
import jakarta.validation.Valid;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Inventory for merchants (their own SKUs) and admins. */
@RestController
@RequestMapping("/api/inventory")
public class InventoryController {

    private final InventoryService inventory;

    public InventoryController(InventoryService inventory) {
        this.inventory = inventory;
    }

    @Operation(operationId = "getStockLevel", summary = "A SKU's stock: received, available, reserved, sold (its merchant, admins)")
    @GetMapping("/skus/{skuId}")
    public StockLevel stock(@PathVariable String skuId) {
        return inventory.stockLevel(new SkuId(skuId), Optional.of(CurrentCaller.get()));
    }

    @Operation(operationId = "receiveStock", summary = "Receive stock for a SKU (its merchant)",
            description = "Idempotent by receiptId: the same receipt again changes nothing.")
    @PostMapping("/skus/{skuId}/receipts")
    public StockLevel receive(@PathVariable String skuId, @Valid @RequestBody StockReceipt receipt) {
        return inventory.receive(new SkuId(skuId), Optional.ofNullable(receipt.receiptId()), receipt.quantity(),
                Optional.of(CurrentCaller.get()));
    }
}
