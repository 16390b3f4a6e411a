package io.emporium.catalog.web;

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
    public List<SkuSnapshot> skus(SkuQuery query) {
        return catalog.skus(query.skuIds());
    }

    @Override
    public List<ProductOwner> productOwners(ProductQuery query) {
        return catalog.productOwners(query.productIds());
    }

    @Override
    public CategoryView ensureCategory(String slug, CategoryDraft draft) {
        return catalog.ensureCategory(slug, draft.name(), draft.parent());
    }

    @Override
    public ProductDetail ensureProduct(String merchantId, ProductDraft draft) {
        return catalog.ensureProduct(new MerchantId(merchantId), draft);
    }
}
