package io.emporium.catalog.application;

import io.emporium.catalog.api.ProductSummary;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.catalog.domain.ListingQuery;
import io.emporium.catalog.domain.Product;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.Page;
import io.emporium.kernel.ProductId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Products with their SKUs, as the use cases need them (JdbcProductRepository stores them). */
public interface ProductRepository {

    Optional<Product> find(ProductId id);

    List<io.emporium.catalog.api.ProductOwner> owners(Collection<String> productIds);

    Optional<ProductId> findByName(MerchantId merchant, String name);

    /** Inserts a new product or updates one, refusing to overwrite a change made since it was loaded. */
    void save(Product product);

    boolean codeTaken(MerchantId merchant, Collection<String> codes);

    List<SkuSnapshot> snapshots(Collection<String> skuIds);

    Page<ProductSummary> list(ListingQuery query);
}
