package io.emporium.catalog.infrastructure;

import io.emporium.catalog.application.ProductRepository;
import io.emporium.catalog.api.ProductSummary;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.catalog.domain.ListingQuery;
import io.emporium.catalog.domain.Product;
import io.emporium.catalog.domain.ProductStatus;
import io.emporium.catalog.domain.Sku;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.Money;
import io.emporium.kernel.Page;
import io.emporium.kernel.ProductId;
import io.emporium.kernel.SkuId;
import io.emporium.platform.problem.ConflictException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Products and their SKUs, saved whole with an optimistic version check. */
@Repository
public class JdbcProductRepository implements ProductRepository {

    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public JdbcProductRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public Optional<Product> find(ProductId id) {
        List<Sku> skus = jdbc.sql("SELECT * FROM catalog.sku WHERE product_id = :id ORDER BY position")
                .param("id", id.value()).query(this::sku).list();
        return jdbc.sql("SELECT * FROM catalog.product WHERE id = :id").param("id", id.value())
                .query((rs, n) -> new Product(new ProductId(rs.getString("id")), new MerchantId(rs.getString("merchant_id")),
                        rs.getString("category_id"), rs.getString("name"), rs.getString("description"),
                        ProductStatus.valueOf(rs.getString("status")), skus, rs.getInt("version"),
                        instant(rs, "created_at"), instant(rs, "updated_at")))
                .optional();
    }

    @Override
    public List<io.emporium.catalog.api.ProductOwner> owners(Collection<String> productIds) {
        if (productIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id, merchant_id FROM catalog.product WHERE id IN (:ids)").param("ids", productIds)
                .query((rs, n) -> new io.emporium.catalog.api.ProductOwner(rs.getString(1), rs.getString(2))).list();
    }

    @Override
    public Optional<ProductId> findByName(MerchantId merchant, String name) {
        return jdbc.sql("SELECT id FROM catalog.product WHERE merchant_id = :m AND lower(name) = lower(:name)")
                .param("m", merchant.value()).param("name", name.trim())
                .query((rs, n) -> new ProductId(rs.getString(1))).optional();
    }

    /** Inserts a new product or updates one, refusing to overwrite a change made since it was loaded. */
    @Override
    public void save(Product product) {
        if (product.version() == 0 && !exists(product.id())) {
            int inserted = jdbc.sql("""
                    INSERT INTO catalog.product (id, merchant_id, category_id, name, description, status, currency, version,
                                                 created_at, updated_at)
                    VALUES (:id, :merchant, :category, :name, :description, :status, :currency, 1, :created, :updated)
                    ON CONFLICT DO NOTHING""")
                    .param("id", product.id().value()).param("merchant", product.merchant().value())
                    .param("category", product.categoryId()).param("name", product.name())
                    .param("description", product.description()).param("status", product.status().name())
                    .param("currency", product.currency().getCurrencyCode())
                    .param("created", ts(product.createdAt())).param("updated", ts(product.updatedAt())).update();
            if (inserted == 0) {
                throw new ConflictException("duplicate-product", "you already have a product named '" + product.name() + "'");
            }
        } else {
            int updated = jdbc.sql("""
                    UPDATE catalog.product SET category_id = :category, name = :name, description = :description,
                           status = :status, currency = :currency, version = version + 1, updated_at = :updated
                    WHERE id = :id AND version = :version""")
                    .param("id", product.id().value()).param("version", product.version())
                    .param("category", product.categoryId()).param("name", product.name())
                    .param("description", product.description()).param("status", product.status().name())
                    .param("currency", product.currency().getCurrencyCode()).param("updated", ts(product.updatedAt()))
                    .update();
            if (updated == 0) {
                throw new ConflictException("concurrent-modification",
                        "product " + product.id() + " was changed by someone else; reload and try again");
            }
        }
        int position = 0;
        for (Sku sku : product.skus()) {
            int written = jdbc.sql("""
                    INSERT INTO catalog.sku (id, product_id, merchant_id, code, attributes, price_amount, currency, position)
                    VALUES (:id, :product, :merchant, :code, CAST(:attributes AS jsonb), :price, :currency, :position)
                    ON CONFLICT (id) DO UPDATE SET attributes = EXCLUDED.attributes, price_amount = EXCLUDED.price_amount,
                           currency = EXCLUDED.currency, position = EXCLUDED.position
                    WHERE catalog.sku.product_id = EXCLUDED.product_id""")
                    .param("id", sku.id().value()).param("product", product.id().value())
                    .param("merchant", product.merchant().value()).param("code", sku.code())
                    .param("attributes", json.writeValueAsString(sku.attributes()))
                    .param("price", sku.price().amount()).param("currency", sku.price().currency().getCurrencyCode())
                    .param("position", position++).update();
            if (written != 1) {
                throw new IllegalStateException("SKU " + sku.id() + " belongs to another product");
            }
        }
    }

    @Override
    public boolean codeTaken(MerchantId merchant, Collection<String> codes) {
        if (codes.isEmpty()) {
            return false;
        }
        return jdbc.sql("SELECT count(*) FROM catalog.sku WHERE merchant_id = :m AND upper(code) IN (:codes)")
                .param("m", merchant.value()).param("codes", codes.stream().map(String::toUpperCase).toList())
                .query(Long.class).single() > 0;
    }

    @Override
    public List<SkuSnapshot> snapshots(Collection<String> skuIds) {
        if (skuIds.isEmpty()) {
            return List.of();
        }
        Map<String, SkuSnapshot> found = new HashMap<>();
        jdbc.sql("""
                SELECT s.*, p.name AS product_name, p.status, (
                    WITH RECURSIVE up(id, parent_id, depth) AS (
                        SELECT c.id, c.parent_id, 0 FROM catalog.category c WHERE c.id = p.category_id
                        UNION ALL
                        SELECT c.id, c.parent_id, up.depth + 1 FROM catalog.category c JOIN up ON c.id = up.parent_id
                        WHERE up.depth < 32)
                    SELECT array_agg(id ORDER BY depth) FROM up) AS category_ids
                FROM catalog.sku s JOIN catalog.product p ON p.id = s.product_id
                WHERE s.id IN (:ids)""")
                .param("ids", skuIds)
                .query(rs -> {
                    found.put(rs.getString("id"), new SkuSnapshot(rs.getString("id"), rs.getString("product_id"),
                            rs.getString("product_name"), rs.getString("merchant_id"), rs.getString("code"),
                            attributes(rs.getString("attributes")), money(rs, "price_amount", "currency"),
                            "PUBLISHED".equals(rs.getString("status")), categoryIds(rs.getArray("category_ids"))));
                });
        return skuIds.stream().filter(found::containsKey).map(found::get).toList();
    }

    private static List<String> categoryIds(java.sql.Array array) throws java.sql.SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    @Override
    public Page<ProductSummary> list(ListingQuery query) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (!query.includeUnpublished()) {
            where.append(" AND p.status = 'PUBLISHED'");
        }
        query.merchant().ifPresent(m -> {
            where.append(" AND p.merchant_id = :merchant");
            params.put("merchant", m.value());
        });
        query.categoryId().ifPresent(c -> {
            where.append("""
                     AND p.category_id IN (WITH RECURSIVE tree AS (
                         SELECT id FROM catalog.category WHERE id = :category
                         UNION ALL SELECT c.id FROM catalog.category c JOIN tree t ON c.parent_id = t.id)
                       SELECT id FROM tree)""");
            params.put("category", c);
        });
        query.text().ifPresent(q -> {
            where.append(" AND p.search @@ websearch_to_tsquery('english', :q)");
            params.put("q", q);
        });
        if (query.minPrice().isPresent() || query.maxPrice().isPresent()) {
            where.append(" AND EXISTS (SELECT 1 FROM catalog.sku k WHERE k.product_id = p.id");
            query.minPrice().ifPresent(min -> {
                where.append(" AND k.price_amount >= :min");
                params.put("min", min);
            });
            query.maxPrice().ifPresent(max -> {
                where.append(" AND k.price_amount <= :max");
                params.put("max", max);
            });
            where.append(")");
        }
        String order = switch (query.sort()) {
            case RELEVANCE -> query.text().isPresent()
                    ? "ts_rank(p.search, websearch_to_tsquery('english', :q)) DESC, p.created_at DESC, p.id"
                    : "p.created_at DESC, p.id";
            case NEWEST -> "p.created_at DESC, p.id";
            case PRICE_ASC -> "s.min_price ASC, p.id";
            case PRICE_DESC -> "s.max_price DESC, p.id";
        };
        long total = jdbc.sql("SELECT count(*) FROM catalog.product p" + where).params(params).query(Long.class).single();
        List<ProductSummary> items = jdbc.sql("""
                SELECT p.id, p.name, p.merchant_id, p.category_id, p.status, p.currency, p.created_at,
                       s.min_price, s.max_price, s.sku_count
                FROM catalog.product p
                JOIN LATERAL (SELECT min(price_amount) AS min_price, max(price_amount) AS max_price, count(*) AS sku_count
                              FROM catalog.sku WHERE product_id = p.id) s ON true
                """ + where + " ORDER BY " + order + " LIMIT :limit OFFSET :offset")
                .params(params).param("limit", query.page().size()).param("offset", query.page().offset())
                .query((rs, n) -> new ProductSummary(rs.getString("id"), rs.getString("name"), rs.getString("merchant_id"),
                        rs.getString("category_id"), rs.getString("status"), money(rs, "min_price", "currency"),
                        money(rs, "max_price", "currency"), rs.getInt("sku_count"), instant(rs, "created_at")))
                .list();
        return new Page<>(items, query.page().page(), query.page().size(), total);
    }

    private boolean exists(ProductId id) {
        return jdbc.sql("SELECT count(*) FROM catalog.product WHERE id = :id").param("id", id.value())
                .query(Long.class).single() > 0;
    }

    private Sku sku(ResultSet rs, int row) throws SQLException {
        return new Sku(new SkuId(rs.getString("id")), rs.getString("code"), attributes(rs.getString("attributes")),
                money(rs, "price_amount", "currency"));
    }

    private Map<String, String> attributes(String value) {
        return json.readValue(value, ATTRIBUTES);
    }

    private static Money money(ResultSet rs, String amount, String currency) throws SQLException {
        return Money.of(rs.getBigDecimal(amount).stripTrailingZeros(), rs.getString(currency).trim());
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
