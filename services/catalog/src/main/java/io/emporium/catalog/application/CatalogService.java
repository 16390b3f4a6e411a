package io.emporium.catalog.application;

import io.emporium.catalog.api.CategoryView;
import io.emporium.catalog.api.ProductDetail;
import io.emporium.catalog.api.ProductDraft;
import io.emporium.catalog.api.ProductEdit;
import io.emporium.catalog.api.ProductSummary;
import io.emporium.catalog.api.SkuChange;
import io.emporium.catalog.api.SkuDraft;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.catalog.domain.Category;
import io.emporium.catalog.domain.ListingQuery;
import io.emporium.catalog.domain.Product;
import io.emporium.catalog.domain.ProductStatus;
import io.emporium.catalog.domain.Sku;
import io.emporium.inventory.api.AvailabilityQuery;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.SkuAvailability;
import io.emporium.inventory.api.SkuRegistration;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.Page;
import io.emporium.kernel.ProductId;
import io.emporium.kernel.SkuId;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.problem.UnprocessableException;
import io.emporium.platform.security.Caller;
import io.emporium.platform.security.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The catalog's use cases. Calls to inventory happen outside catalog's transactions, so no
 * transaction ever spans two services: SKUs are registered with inventory (idempotently) before
 * the catalog commits them, and availability is read after the catalog's read.
 */
@Service
public class CatalogService {

    private static final Logger log = LoggerFactory.getLogger(CatalogService.class);

    private final ProductRepository products;
    private final CategoryRepository categories;
    private final InventoryApi inventory;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public CatalogService(ProductRepository products, CategoryRepository categories, InventoryApi inventory,
            TransactionTemplate transactions, Clock clock) {
        this.products = products;
        this.categories = categories;
        this.inventory = inventory;
        this.transactions = transactions;
        this.clock = clock;
    }

    // ---- categories

    public List<CategoryView> categoryTree() {
        List<Category> all = categories.all();
        Map<String, List<Category>> byParent = all.stream()
                .collect(Collectors.groupingBy(c -> c.parentId() == null ? "" : c.parentId()));
        return tree(byParent, "");
    }

    private static List<CategoryView> tree(Map<String, List<Category>> byParent, String parent) {
        return byParent.getOrDefault(parent, List.of()).stream()
                .map(c -> new CategoryView(c.id(), c.slug(), c.name(), c.parentId(), tree(byParent, c.id())))
                .toList();
    }

    /** A new category; an existing slug is a conflict (the internal ensureCategory is the idempotent one). */
    public CategoryView createCategory(String slug, String name, String parent) {
        if (categories.find(slug).isPresent()) {
            throw new ConflictException("category-exists", "a category with slug " + slug + " exists already");
        }
        return ensureCategory(slug, name, parent);
    }

    public CategoryView ensureCategory(String slug, String name, String parent) {
        if (slug == null || !slug.matches("[a-z0-9]+(-[a-z0-9]+)*") || slug.length() > 64) {
            throw new UnprocessableException("invalid-category", "slug must be lower-case words joined by '-'");
        }
        String parentId = parent == null ? null : categories.find(parent)
                .orElseThrow(() -> new UnprocessableException("unknown-category", "parent category " + parent + " does not exist"))
                .id();
        categories.insert(new Category(Identifiers.newId("cat"), slug, name.trim(), parentId, 0));
        Category category = categories.find(slug).orElseThrow();
        return new CategoryView(category.id(), category.slug(), category.name(), category.parentId(), List.of());
    }

    public Category requireCategory(String idOrSlug) {
        return categories.find(idOrSlug).orElseThrow(
                () -> new UnprocessableException("unknown-category", "category " + idOrSlug + " does not exist"));
    }

    // ---- merchants' products

    public ProductDetail createProduct(MerchantId merchant, ProductDraft draft) {
        Category category = requireCategory(draft.categoryId());
        Instant now = clock.instant();
        List<Sku> skus = draft.skus().stream().map(CatalogService::newSku).toList();
        Product product = Product.draft(merchant, category.id(), draft.name(), draft.description(), skus, now);
        if (products.findByName(merchant, product.name()).isPresent()) {
            throw new ConflictException("duplicate-product", "you already have a product named '" + product.name() + "'");
        }
        if (products.codeTaken(merchant, skus.stream().map(Sku::code).toList())) {
            throw new ConflictException("duplicate-sku-code", "one of these SKU codes is already used by another of your products");
        }
        if (draft.publishNow()) {
            product.publish(now);
        }
        registerWithInventory(merchant, skus);
        transactions.executeWithoutResult(tx -> products.save(product));
        return detail(product, category);
    }

    /** Idempotent by (merchant, product name): the demo data and imports use it. */
    public ProductDetail ensureProduct(MerchantId merchant, ProductDraft draft) {
        Optional<ProductId> existing = products.findByName(merchant, draft.name());
        if (existing.isPresent()) {
            return product(existing.get(), Optional.empty(), true);
        }
        return createProduct(merchant, draft);
    }

    public ProductDetail editProduct(Caller caller, ProductId id, ProductEdit edit) {
        String categoryId = edit.categoryId() == null ? null : requireCategory(edit.categoryId()).id();
        Product product = change(caller, id, p -> p.edit(categoryId, edit.name(), edit.description(), clock.instant()));
        return detail(product, requireCategory(product.categoryId()));
    }

    public ProductDetail addSku(Caller caller, ProductId id, SkuDraft draft) {
        Sku sku = newSku(draft);
        Product current = ownedProduct(caller, id);
        if (products.codeTaken(current.merchant(), List.of(sku.code()))) {
            throw new ConflictException("duplicate-sku-code", "SKU code " + sku.code() + " is already used");
        }
        current.addSku(sku, clock.instant());
        registerWithInventory(current.merchant(), List.of(sku));
        Product product = change(caller, id, p -> p.addSku(sku, clock.instant()));
        return detail(product, requireCategory(product.categoryId()));
    }

    public ProductDetail changeSku(Caller caller, ProductId id, SkuId skuId, SkuChange change) {
        Product product = change(caller, id, p -> p.changeSku(skuId, change.price(), change.attributes(), clock.instant()));
        return detail(product, requireCategory(product.categoryId()));
    }

    public ProductDetail publish(Caller caller, ProductId id) {
        Product product = change(caller, id, p -> p.publish(clock.instant()));
        return detail(product, requireCategory(product.categoryId()));
    }

    public ProductDetail unpublish(Caller caller, ProductId id) {
        Product product = change(caller, id, p -> p.unpublish(clock.instant()));
        return detail(product, requireCategory(product.categoryId()));
    }

    private Product change(Caller caller, ProductId id, java.util.function.Consumer<Product> change) {
        return transactions.execute(tx -> {
            Product product = ownedProduct(caller, id);
            change.accept(product);
            products.save(product);
            return product;
        });
    }

    private Product ownedProduct(Caller caller, ProductId id) {
        Product product = products.find(id).orElseThrow(() -> unknownProduct(id));
        caller.requireOwnerOrAdmin(product.merchant());
        return product;
    }

    // ---- reads

    /** A product with live availability. Unpublished products are visible to their merchant and admins only. */
    public ProductDetail product(ProductId id, Optional<Caller> caller, boolean trusted) {
        Product product = products.find(id).orElseThrow(() -> unknownProduct(id));
        if (!trusted && product.status() != ProductStatus.PUBLISHED && !canManage(caller, product)) {
            throw unknownProduct(id);
        }
        return detail(product, requireCategory(product.categoryId()));
    }

    public Page<ProductSummary> list(ListingQuery query) {
        query.categoryId().ifPresent(this::requireCategory);
        Optional<String> categoryId = query.categoryId().map(c -> requireCategory(c).id());
        return products.list(new ListingQuery(query.text(), categoryId, query.merchant(), query.minPrice(), query.maxPrice(),
                query.includeUnpublished(), query.sort(), query.page()));
    }

    public List<SkuSnapshot> skus(List<String> skuIds) {
        return products.snapshots(skuIds.stream().filter(Identifiers::isValid).distinct().toList());
    }

    public List<io.emporium.catalog.api.ProductOwner> productOwners(List<String> productIds) {
        return products.owners(productIds.stream().filter(Identifiers::isValid).distinct().toList());
    }

    private static boolean canManage(Optional<Caller> caller, Product product) {
        return caller.map(c -> c.role() == Role.ADMIN
                || (c.role() == Role.MERCHANT && c.merchantId().filter(product::isOwnedBy).isPresent())).orElse(false);
    }

    private ProductDetail detail(Product product, Category category) {
        Map<String, SkuAvailability> availability = availabilityOf(product.skus());
        List<ProductDetail.Sku> skus = new ArrayList<>();
        for (Sku sku : product.skus()) {
            SkuAvailability a = availability.getOrDefault(sku.id().value(), SkuAvailability.unknown(sku.id().value()));
            skus.add(new ProductDetail.Sku(sku.id().value(), sku.code(), sku.attributes(), sku.price(),
                    new ProductDetail.Availability(a.available(), a.state().name())));
        }
        return new ProductDetail(product.id().value(), product.merchant().value(),
                new ProductDetail.CategoryRef(category.id(), category.slug(), category.name()), product.name(),
                product.description(), product.status().name(), skus, product.createdAt(), product.updatedAt());
    }

    /** Catalog reads stay up when inventory is down (AP): availability then shows as UNKNOWN. */
    private Map<String, SkuAvailability> availabilityOf(List<Sku> skus) {
        try {
            return inventory.availability(new AvailabilityQuery(skus.stream().map(s -> s.id().value()).toList())).stream()
                    .collect(Collectors.toMap(SkuAvailability::skuId, Function.identity(), (a, b) -> a, HashMap::new));
        } catch (RuntimeException e) {
            log.warn("inventory unavailable, showing availability as UNKNOWN: {}", e.toString());
            return Map.of();
        }
    }

    private void registerWithInventory(MerchantId merchant, List<Sku> skus) {
        inventory.registerSkus(new SkuRegistration(merchant.value(), skus.stream().map(s -> s.id().value()).toList()));
    }

    private static Sku newSku(SkuDraft draft) {
        return new Sku(SkuId.newId(), draft.code(), draft.attributes(), draft.price());
    }

    private static NotFoundException unknownProduct(ProductId id) {
        return new NotFoundException("unknown-product", "product " + id + " does not exist");
    }
}
