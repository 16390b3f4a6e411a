package io.emporium.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.ReserveStock;
import io.emporium.inventory.api.SkuRegistration;
import io.emporium.inventory.api.StockLevel;
import io.emporium.inventory.api.StockReceipt;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.MerchantId;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.security.Role;
import io.emporium.testing.component.TestTokens;
import io.emporium.testing.component.ComponentTest;
import io.emporium.testing.component.Http;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Inventory alone, on its schema: its API, its public edge and its security, with no other service running. */
@ComponentTest
class InventoryComponentTest {

    @Autowired
    InventoryApi inventory;
    @Autowired
    TestTokens tokens;
    @LocalServerPort
    int port;

    @Test
    void stock_is_received_reserved_and_sold_and_a_sold_reservation_cannot_be_released() {
        String merchant = Identifiers.newId("mer");
        String sku = Identifiers.newId("sku");
        inventory.registerSkus(new SkuRegistration(merchant, List.of(sku)));
        inventory.registerSkus(new SkuRegistration(merchant, List.of(sku)));
        assertThat(inventory.receive(sku, new StockReceipt("rcp-" + sku, 10L)).available()).isEqualTo(10);
        assertThat(inventory.receive(sku, new StockReceipt("rcp-" + sku, 10L)).available()).as("the same receipt again").isEqualTo(10);

        String reservation = Identifiers.newId("chk");
        ReserveStock request = new ReserveStock("order-ref", List.of(new ReserveStock.Line(sku, 3L)), Instant.now().plusSeconds(600));
        inventory.reserve(reservation, request);
        inventory.reserve(reservation, request);
        StockLevel reserved = inventory.stockLevel(sku);
        assertThat(List.of(reserved.available(), reserved.reserved(), reserved.sold())).containsExactly(7L, 3L, 0L);

        inventory.confirm(reservation);
        StockLevel sold = inventory.stockLevel(sku);
        assertThat(List.of(sold.available(), sold.reserved(), sold.sold())).containsExactly(7L, 0L, 3L);
        assertThat(catchThrowableOfType(ConflictException.class, () -> inventory.release(reservation))).isNotNull();
        assertThat(inventory.stockLevel(sku).sold()).as("the refused release changed nothing").isEqualTo(3);
    }

    @Test
    void the_public_edge_lets_the_owning_merchant_receive_and_refuses_others_with_problems() {
        String merchant = Identifiers.newId("mer");
        String sku = Identifiers.newId("sku");
        inventory.registerSkus(new SkuRegistration(merchant, List.of(sku)));
        String owner = tokens.issue(Identifiers.newId("acc"), Role.MERCHANT, Optional.of(new MerchantId(merchant))).value();
        String other = tokens.issue(Identifiers.newId("acc"), Role.MERCHANT, Optional.of(new MerchantId(Identifiers.newId("mer")))).value();
        String path = "/api/inventory/skus/" + sku + "/receipts";

        Http http = new Http(port);
        assertThat(http.post(path, "{\"quantity\": 5}", owner).status()).isEqualTo(200);
        assertThat(http.post(path, "{\"quantity\": 5}", other).status()).isEqualTo(403);
        assertThat(http.post(path, "{\"quantity\": 5}", null).status()).isEqualTo(401);
        Http.Response bad = http.post(path, "{\"quantity\": 0}", owner);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.isProblem()).isTrue();
        assertThat(bad.problemType()).isEqualTo("invalid-request");
        assertThat(inventory.stockLevel(sku).available()).as("only the owner's receipt counted").isEqualTo(5);
    }
}
