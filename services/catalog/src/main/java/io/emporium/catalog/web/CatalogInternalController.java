package io.emporium.catalog.web;

import io.swagger.v3.oas.annotations.Operation;
import io.emporium.catalog.api.CatalogApi;
import io.emporium.catalog.api.CategoryDraft;
import io.emporium.catalog.api.CategoryView;
import io.emporium.catalog.api.ProductDetail;
import io.emporium.catalog.api.ProductDraft;
import io.emporium.catalog.api.ProductOwner;
import io.emporium.catalog.api.ProductQuery;
import io.emporium.catalog.api.SkuQuery;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.catalog.application.CatalogService;
import io.emporium.kernel.MerchantId;
import java.util.List;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.RestController;

/** The catalog's service-to-service API; also its local binding. */
@RestController
@Transactional(propagation = Propagation.NOT_SUPPORTED) // a local call never joins the caller's transaction
public class CatalogInternalController implements CatalogApi {

    private final CatalogService catalog;

    public CatalogInternalController(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    @Operation(summary = "Snapshots of SKUs by id: product, merchant, price, purchasability")
    public List<SkuSnapshot> skus(SkuQuery query) {
        return catalog.skus(query.skuIds());
    }

    @Override
    @Operation(summary = "Owners of the given products")
    public List<ProductOwner> productOwners(ProductQuery query) {
        return catalog.productOwners(query.productIds());
    }

    @Override
    @Operation(summary = "Create a category unless it exists (idempotent by slug)")
    public CategoryView ensureCategory(String slug, CategoryDraft draft) {
        return catalog.ensureCategory(slug, draft.name(), draft.parent());
    }

    @Override
    @Operation(summary = "Create a merchant's product unless it exists (idempotent)")
    public ProductDetail ensureProduct(String merchantId, ProductDraft draft) {
        return catalog.ensureProduct(new MerchantId(merchantId), draft);
    }
}
