package io.emporium.catalog.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.emporium.catalog.api.CategoryDraft;
import io.emporium.catalog.api.CategoryView;
import io.emporium.catalog.api.ProductDetail;
import io.emporium.catalog.api.ProductDraft;
import io.emporium.catalog.api.ProductEdit;
import io.emporium.catalog.api.ProductSummary;
import io.emporium.catalog.api.SkuChange;
import io.emporium.catalog.api.SkuDraft;
import io.emporium.catalog.application.CatalogService;
import io.emporium.catalog.domain.ListingQuery;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.Page;
import io.emporium.kernel.PageRequest;
import io.emporium.kernel.ProductId;
import io.emporium.kernel.SkuId;
import io.emporium.platform.problem.BadRequestException;
import io.emporium.platform.problem.ForbiddenException;
import io.emporium.platform.security.Caller;
import io.emporium.platform.security.CurrentCaller;
import io.emporium.platform.security.Role;
import io.emporium.platform.web.StaleReads;
import io.emporium.platform.web.StaleReads.StaleCache;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The catalog: public reads, merchants' writes to their own products, admins' categories. */
@RestController
@RequestMapping("/api/catalog")
public class CatalogController {

    private final CatalogService catalog;
    /** The catalog's reads are AP: while the database is away they answer what they last answered, marked stale. */
    private final StaleCache<String, List<CategoryView>> categories;
    private final StaleCache<ListingQuery, Page<ProductSummary>> listings;
    private final StaleCache<ProductId, ProductDetail> products;

    public CatalogController(CatalogService catalog, StaleReads stale) {
        this.catalog = catalog;
        this.categories = stale.cache("catalog-categories");
        this.listings = stale.cache("catalog-listings");
        this.products = stale.cache("catalog-products");
    }

    @Operation(operationId = "listCategories", summary = "The category tree")
    @ApiResponse(responseCode = "200", description = "The category tree. " + STALE_NOTE, headers = {
            @Header(name = "Age", description = AGE_NOTE, schema = @Schema(type = "integer")),
            @Header(name = "Cache-Status", description = CACHE_STATUS_NOTE, schema = @Schema(type = "string"))})
    @GetMapping("/categories")
    public ResponseEntity<List<CategoryView>> categories() {
        return categories.read("tree", catalog::categoryTree).response();
    }

    static final String STALE_NOTE = "While the catalog's database cannot be reached: the last answer this "
            + "process gave to the same request (at most emporium.stale-reads.max-age old), with Age and Cache-Status";
    static final String AGE_NOTE = "only on a stale answer: seconds since it was read from the database";
    static final String CACHE_STATUS_NOTE = "only on a stale answer: emporium; hit; ttl=-<age>; detail=database-unavailable";

    @Operation(operationId = "createCategory", summary = "Add a category (admins)")
    @ApiResponse(responseCode = "201", description = "The category was created", headers = @Header(name = "Location", description = "the category tree", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "A category with this slug exists")
    @PostMapping("/categories")
    public ResponseEntity<CategoryView> createCategory(@RequestParam @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*",
            message = "must be lower-case words joined by '-'") @Size(max = 64) String slug, @Valid @RequestBody CategoryDraft draft) {
        if (!CurrentCaller.get().is(Role.ADMIN)) {
            throw new ForbiddenException("admins-only", "only an admin can change the category tree");
        }
        CategoryView category = catalog.createCategory(slug, draft.name(), draft.parent());
        categories.forgetAll();
        listings.forgetAll();
        return ResponseEntity.created(URI.create("/api/catalog/categories")).body(category);
    }

    /**
     * Published products, filtered and paged. A merchant filtering on their own merchant id also
     * sees their drafts and unpublished products.
     */
    @Operation(operationId = "listProducts", summary = "Search and list published products, paged",
            description = "A merchant filtering on their own merchant id also sees their drafts and unpublished products.")
    @ApiResponse(responseCode = "200", description = "A page of products. " + STALE_NOTE, headers = {
            @Header(name = "Age", description = AGE_NOTE, schema = @Schema(type = "integer")),
            @Header(name = "Cache-Status", description = CACHE_STATUS_NOTE, schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "422", description = "The category named does not exist")
    @Parameter(name = "q", description = "words to search for", schema = @Schema(maxLength = 200))
    @Parameter(name = "minPrice", description = "lowest price, a decimal", schema = @Schema(type = "number", minimum = "0"))
    @Parameter(name = "maxPrice", description = "highest price, a decimal", schema = @Schema(type = "number", minimum = "0"))
    @Parameter(name = "sort", schema = @Schema(allowableValues = {"relevance", "newest", "price_asc", "price_desc"},
            defaultValue = "relevance"))
    @Parameter(name = "page", description = "0 for the first page", schema = @Schema(type = "integer", minimum = "0", defaultValue = "0"))
    @Parameter(name = "size", schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
    @GetMapping("/products")
    public ResponseEntity<Page<ProductSummary>> products(@RequestParam Optional<@Size(max = 200) String> q,
            @RequestParam Optional<String> category, @RequestParam Optional<String> merchant,
            @RequestParam Optional<BigDecimal> minPrice, @RequestParam Optional<BigDecimal> maxPrice,
            @RequestParam(defaultValue = "relevance") String sort,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        if (minPrice.filter(p -> p.signum() < 0).isPresent() || maxPrice.filter(p -> p.signum() < 0).isPresent()) {
            throw new BadRequestException("invalid-request", "minPrice and maxPrice must not be negative");
        }
        if (minPrice.isPresent() && maxPrice.isPresent() && minPrice.get().compareTo(maxPrice.get()) > 0) {
            throw new BadRequestException("invalid-request", "minPrice must not be greater than maxPrice");
        }
        ListingQuery.Sort order;
        try {
            order = ListingQuery.Sort.valueOf(sort.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("invalid-request", "sort must be relevance, newest, price_asc or price_desc");
        }
        Optional<MerchantId> merchantId = merchant.map(MerchantId::new);
        boolean own = merchantId.isPresent() && CurrentCaller.find()
                .flatMap(Caller::merchantId).equals(merchantId);
        ListingQuery query = new ListingQuery(q.map(String::trim).filter(s -> !s.isEmpty()), category, merchantId,
                minPrice, maxPrice, own, order, new PageRequest(page, size));
        return listings.read(query, () -> catalog.list(query)).response();
    }

    @Operation(operationId = "getProduct", summary = "A product with its SKUs and their availability")
    @ApiResponse(responseCode = "200", description = "The product. " + STALE_NOTE
            + " (a published product only; its availability is as stale as the rest)", headers = {
            @Header(name = "Age", description = AGE_NOTE, schema = @Schema(type = "integer")),
            @Header(name = "Cache-Status", description = CACHE_STATUS_NOTE, schema = @Schema(type = "string"))})
    @GetMapping("/products/{productId}")
    public ResponseEntity<ProductDetail> product(@PathVariable String productId) {
        ProductId id = new ProductId(productId);
        return products.read(id, () -> catalog.product(id, CurrentCaller.find(), false), p -> "PUBLISHED".equals(p.status()))
                .response();
    }

    /** A write changed what the reads answer: what this process remembers of them is no longer true. */
    private ProductDetail changed(ProductDetail product) {
        products.forget(new ProductId(product.id()));
        listings.forgetAll();
        return product;
    }

    @Operation(operationId = "createProduct", summary = "Create a product with its SKUs (merchants)")
    @ApiResponse(responseCode = "201", description = "The product was created", headers = @Header(name = "Location", description = "the product", schema = @Schema(type = "string")))
    @PostMapping("/products")
    public ResponseEntity<ProductDetail> create(@Valid @RequestBody ProductDraft draft) {
        ProductDetail product = changed(catalog.createProduct(CurrentCaller.get().requireMerchant(), draft));
        return ResponseEntity.created(URI.create("/api/catalog/products/" + product.id())).body(product);
    }

    @Operation(operationId = "editProduct", summary = "Change a product's name, description or category (its merchant)")
    @PatchMapping("/products/{productId}")
    public ProductDetail edit(@PathVariable String productId, @Valid @RequestBody ProductEdit edit) {
        return changed(catalog.editProduct(CurrentCaller.get(), new ProductId(productId), edit));
    }

    @Operation(operationId = "addSku", summary = "Add a SKU to a product (its merchant)")
    @ApiResponse(responseCode = "201", description = "The SKU was added; the answer is the whole product", headers = @Header(name = "Location", description = "the product", schema = @Schema(type = "string")))
    @PostMapping("/products/{productId}/skus")
    public ResponseEntity<ProductDetail> addSku(@PathVariable String productId, @Valid @RequestBody SkuDraft sku) {
        ProductDetail product = changed(catalog.addSku(CurrentCaller.get(), new ProductId(productId), sku));
        return ResponseEntity.created(URI.create("/api/catalog/products/" + product.id())).body(product);
    }

    @Operation(operationId = "changeSku", summary = "Change a SKU's price or attributes (its merchant)")
    @PatchMapping("/products/{productId}/skus/{skuId}")
    public ProductDetail changeSku(@PathVariable String productId, @PathVariable String skuId,
            @Valid @RequestBody SkuChange change) {
        return changed(catalog.changeSku(CurrentCaller.get(), new ProductId(productId), new SkuId(skuId), change));
    }

    @Operation(operationId = "publishProduct", summary = "Publish a product (its merchant)")
    @PutMapping("/products/{productId}/publication")
    public ProductDetail publish(@PathVariable String productId) {
        return changed(catalog.publish(CurrentCaller.get(), new ProductId(productId)));
    }

    @Operation(operationId = "unpublishProduct", summary = "Withdraw a product from sale (its merchant)")
    @DeleteMapping("/products/{productId}/publication")
    public ProductDetail unpublish(@PathVariable String productId) {
        return changed(catalog.unpublish(CurrentCaller.get(), new ProductId(productId)));
    }
}
