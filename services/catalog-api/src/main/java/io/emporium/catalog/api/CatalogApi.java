package io.emporium.catalog.api;

import io.emporium.kernel.Idempotent;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;

/** What other services (cart, order, the launcher's demo data) may ask of the catalog. */
@HttpExchange("/api/catalog/internal")
public interface CatalogApi {

    /** Current facts about SKUs: price, owner, whether it can be bought. Unknown ids are left out. */
    @Idempotent
    @PostExchange("/sku-queries")
    List<SkuSnapshot> skus(@Valid @RequestBody SkuQuery query);

    /** The merchant of each product. Unknown ids are left out. */
    @Idempotent
    @PostExchange("/product-owners")
    List<ProductOwner> productOwners(@Valid @RequestBody ProductQuery query);

    /** Creates the category if its slug is new; returns it either way. */
    @PutExchange("/categories/{slug}")
    CategoryView ensureCategory(@PathVariable("slug") String slug, @Valid @RequestBody CategoryDraft draft);

    /**
     * Creates a merchant's product if the merchant has none of that name (and publishes it when
     * asked); returns the product either way.
     */
    @Idempotent
    @PostExchange("/merchants/{merchantId}/products")
    ProductDetail ensureProduct(@PathVariable("merchantId") String merchantId, @Valid @RequestBody ProductDraft draft);
}
