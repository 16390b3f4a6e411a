package io.emporium.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.identity.api.IdentityApi;
import io.emporium.identity.api.NewAccount;
import io.emporium.identity.application.SigningKeys;
import io.emporium.platform.security.Role;
import io.emporium.platform.security.Tokens;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Fresh accounts and products for a test, so tests never depend on each other's data. */
@Component
public class Fixtures {

    public static final String PASSWORD = "correct-horse-battery";

    private final IdentityApi identity;
    private final Tokens tokens;
    private final SigningKeys accessTokens;

    public Fixtures(IdentityApi identity, Tokens tokens, SigningKeys accessTokens) {
        this.identity = identity;
        this.tokens = tokens;
        this.accessTokens = accessTokens;
    }

    public static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    public record Merchant(String merchantId, Api api) {
    }

    public Api customer(Api api) {
        String email = unique("customer-") + "@example.test";
        Api.Response r = api.anonymous().post("/api/identity/customers", Map.of("email", email, "password", PASSWORD));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return api.signedIn(email, PASSWORD);
    }

    public Merchant merchant(Api api) {
        String merchantId = unique("mer_test_");
        String email = merchantId + "@example.test";
        identity.ensureAccount(new NewAccount(email, PASSWORD, "Test Merchant", "MERCHANT", merchantId));
        return new Merchant(merchantId, api.signedIn(email, PASSWORD));
    }

    /** A customer known only by a signed token (no account row): cheap enough to make a thousand of. */
    public Api tokenCustomer(Api api) {
        return api.as(accessTokens.issue(io.emporium.kernel.Identifiers.newId("cus"), Role.CUSTOMER, Optional.empty()).value());
    }

    public Api admin(Api api) {
        return api.signedIn("admin@demo.emporium", "demo-pass-1");
    }

    /** A client acting as another Emporium service (for the internal service-to-service routes). */
    public Api service(Api api) {
        return api.as(tokens.issueService("service:test", java.time.Duration.ofMinutes(5)).value());
    }

    public static Map<String, Object> money(String amount) {
        return Map.of("amount", amount, "currency", "CNY");
    }

    public static Map<String, Object> sku(String code, Map<String, String> attributes, String price) {
        return Map.of("code", code, "attributes", attributes, "price", money(price));
    }

    /** A leaf category of the demo tree. */
    public static String category(Api api) {
        JsonNode roots = api.get("/api/catalog/categories").json();
        return roots.get(0).get("children").get(0).get("id").asString();
    }

    /** Creates a published product with the given SKUs and returns its detail. */
    public static JsonNode product(Merchant merchant, List<Map<String, Object>> skus, boolean publish) {
        Api.Response r = merchant.api().post("/api/catalog/products", Map.of(
                "categoryId", category(merchant.api()), "name", unique("Test Lantern "),
                "description", "A sturdy test lantern with a warm light.", "skus", skus, "publish", publish));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    /** A published product with one SKU that has {@code stock} units; returns the SKU id. */
    public static String stockedSku(Merchant merchant, long stock) {
        JsonNode product = product(merchant, List.of(sku(unique("L-"), Map.of("colour", "Red"), "59.90")), true);
        String skuId = product.get("skus").get(0).get("id").asString();
        if (stock > 0) {
            Api.Response r = merchant.api().post("/api/inventory/skus/" + skuId + "/receipts", Map.of("quantity", stock));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        return skuId;
    }
}
