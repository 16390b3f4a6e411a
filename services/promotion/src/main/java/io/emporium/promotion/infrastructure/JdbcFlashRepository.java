package io.emporium.promotion.infrastructure;

import io.emporium.promotion.application.FlashRepository;
import static io.emporium.promotion.infrastructure.JdbcPromotionRepository.instant;
import static io.emporium.promotion.infrastructure.JdbcPromotionRepository.money;
import static io.emporium.promotion.infrastructure.JdbcPromotionRepository.ts;

import io.emporium.kernel.FlashSaleId;
import io.emporium.promotion.domain.FlashClaim;
import io.emporium.promotion.domain.FlashSale;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Flash sales, their stock buckets, per-customer counts and claims. */
@Repository
public class JdbcFlashRepository implements FlashRepository {

    private final JdbcClient jdbc;

    public JdbcFlashRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean overlaps(String skuId, Instant from, Instant until) {
        return jdbc.sql("""
                SELECT count(*) FROM promotion.flash_sale
                WHERE sku_id = :sku AND status <> :cancelled AND starts_at < :until AND ends_at > :from""")
                .param("sku", skuId).param("cancelled", FlashSale.State.CANCELLED.name()).param("from", ts(from)).param("until", ts(until)).query(Long.class).single() > 0;
    }

    @Override
    public void insert(FlashSale s, List<Integer> bucketStock) {
        jdbc.sql("""
                INSERT INTO promotion.flash_sale (id, sku_id, product_id, product_name, merchant_id, list_price, price, currency,
                    stock, per_customer_limit, starts_at, ends_at, pool_id, buckets, status, created_by, created_at)
                VALUES (:id, :sku, :product, :name, :m, :list, :price, :cur, :stock, :limit, :from, :until, :pool, :buckets,
                    :status, :by, :at)""")
                .param("id", s.id().value()).param("status", s.state().name()).param("sku", s.skuId()).param("product", s.productId()).param("name", s.productName())
                .param("m", s.merchantId()).param("list", s.listPrice().amount()).param("price", s.price().amount())
                .param("cur", s.price().currency().getCurrencyCode()).param("stock", s.stock())
                .param("limit", s.perCustomerLimit()).param("from", ts(s.startsAt())).param("until", ts(s.endsAt()))
                .param("pool", s.poolId()).param("buckets", s.buckets()).param("by", s.createdBy())
                .param("at", ts(s.createdAt())).update();
        for (int b = 0; b < bucketStock.size(); b++) {
            jdbc.sql("INSERT INTO promotion.flash_bucket (sale_id, bucket, remaining) VALUES (:s, :b, :r)")
                    .param("s", s.id().value()).param("b", b).param("r", bucketStock.get(b)).update();
        }
    }

    @Override
    public Optional<FlashSale> sale(FlashSaleId id) {
        return jdbc.sql("SELECT * FROM promotion.flash_sale WHERE id = :id").param("id", id.value()).query(JdbcFlashRepository::sale)
                .optional();
    }

    /** Sales not cancelled that have not ended by {@code at} (upcoming and active), soonest first. */
    @Override
    public List<FlashSale> current(Instant at, int limit) {
        return jdbc.sql("""
                SELECT * FROM promotion.flash_sale WHERE status = :scheduled AND ends_at > :at ORDER BY starts_at, id LIMIT :n""")
                .param("scheduled", FlashSale.State.SCHEDULED.name()).param("at", ts(at)).param("n", limit).query(JdbcFlashRepository::sale).list();
    }

    @Override
    public List<FlashSale> all(Optional<String> merchantId, int limit) {
        var spec = jdbc.sql("SELECT * FROM promotion.flash_sale" + (merchantId.isPresent() ? " WHERE merchant_id = :m" : "")
                + " ORDER BY starts_at DESC LIMIT :n").param("n", limit);
        if (merchantId.isPresent()) {
            spec = spec.param("m", merchantId.get());
        }
        return spec.query(JdbcFlashRepository::sale).list();
    }

    /** Sales active at {@code at} for the given SKUs. */
    @Override
    public List<FlashSale> activeFor(Collection<String> skuIds, Instant at) {
        if (skuIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT * FROM promotion.flash_sale
                WHERE sku_id IN (:skus) AND status = :scheduled AND starts_at <= :at AND ends_at > :at""")
                .param("skus", skuIds).param("scheduled", FlashSale.State.SCHEDULED.name()).param("at", ts(at)).query(JdbcFlashRepository::sale).list();
    }

    @Override
    public List<FlashSaleId> endedUnsettled(Instant at, int limit) {
        return jdbc.sql("""
                SELECT id FROM promotion.flash_sale WHERE status = :scheduled AND ends_at <= :at ORDER BY ends_at LIMIT :n""")
                .param("scheduled", FlashSale.State.SCHEDULED.name()).param("at", ts(at)).param("n", limit)
                .query((rs, n) -> new FlashSaleId(rs.getString(1))).list();
    }

    @Override
    public Optional<FlashSale> lockSale(FlashSaleId id) {
        return jdbc.sql("SELECT * FROM promotion.flash_sale WHERE id = :id FOR UPDATE").param("id", id.value())
                .query(JdbcFlashRepository::sale).optional();
    }

    /** Records a settled (or cancelled) sale's new state. */
    @Override
    public void saveState(FlashSale sale, Instant at) {
        jdbc.sql("UPDATE promotion.flash_sale SET status = :s, settled_at = :at WHERE id = :id")
                .param("s", sale.state().name()).param("at", ts(at)).param("id", sale.id().value()).update();
    }

    /** Units left in each sale's buckets, in one query. */
    @Override
    public java.util.Map<FlashSaleId, Integer> remaining(Collection<FlashSaleId> saleIds) {
        java.util.Map<FlashSaleId, Integer> left = new java.util.HashMap<>();
        if (saleIds.isEmpty()) {
            return left;
        }
        jdbc.sql("SELECT sale_id, sum(remaining) FROM promotion.flash_bucket WHERE sale_id IN (:ids) GROUP BY sale_id")
                .param("ids", saleIds.stream().map(FlashSaleId::value).toList()).query(rs -> {
                    left.put(new FlashSaleId(rs.getString(1)), rs.getInt(2));
                });
        return left;
    }

    @Override
    public int remaining(FlashSaleId saleId) {
        return jdbc.sql("SELECT coalesce(sum(remaining), 0) FROM promotion.flash_bucket WHERE sale_id = :s")
                .param("s", saleId.value()).query(Integer.class).single();
    }

    /** The sale's row share-locked (settlement locks it for update): its current status and end. */
    @Override
    public Optional<FlashSale> lockSaleShared(FlashSaleId id) {
        return jdbc.sql("SELECT * FROM promotion.flash_sale WHERE id = :id FOR SHARE").param("id", id.value())
                .query(JdbcFlashRepository::sale).optional();
    }

    /** Takes up to {@code want} units from one bucket (row locked until commit); returns how many it took. */
    @Override
    public int take(FlashSaleId saleId, int bucket, int want) {
        Integer remaining = jdbc.sql("SELECT remaining FROM promotion.flash_bucket WHERE sale_id = :s AND bucket = :b FOR UPDATE")
                .param("s", saleId.value()).param("b", bucket).query(Integer.class).optional().orElse(0);
        int took = Math.min(remaining, want);
        if (took > 0) {
            jdbc.sql("UPDATE promotion.flash_bucket SET remaining = remaining - :q WHERE sale_id = :s AND bucket = :b")
                    .param("q", took).param("s", saleId.value()).param("b", bucket).update();
        }
        return took;
    }

    @Override
    public void putBack(FlashSaleId saleId, int bucket, int quantity) {
        jdbc.sql("UPDATE promotion.flash_bucket SET remaining = remaining + :q WHERE sale_id = :s AND bucket = :b")
                .param("q", quantity).param("s", saleId.value()).param("b", bucket).update();
    }

    /** Counts units against the customer's limit; false (and no change) if that would exceed it. */
    @Override
    public boolean countAgainstLimit(FlashSaleId saleId, String customerId, int quantity, int limit) {
        if (quantity > limit) {
            return false;
        }
        return jdbc.sql("""
                INSERT INTO promotion.flash_customer (sale_id, customer_id, bought) VALUES (:s, :c, :q)
                ON CONFLICT (sale_id, customer_id) DO UPDATE SET bought = flash_customer.bought + EXCLUDED.bought
                WHERE flash_customer.bought + EXCLUDED.bought <= :limit""")
                .param("s", saleId.value()).param("c", customerId).param("q", quantity).param("limit", limit)
                .update() == 1;
    }

    /**
     * Counts each customer's units against the limit in one statement; returns the customers whose
     * units were counted (the others would have gone over the limit and are unchanged). Each
     * customer may appear once.
     */
    @Override
    public java.util.Set<String> countAgainstLimit(FlashSaleId saleId, List<String> customers, List<Integer> quantities,
            int limit) {
        return new java.util.HashSet<>(jdbc.sql("""
                INSERT INTO promotion.flash_customer (sale_id, customer_id, bought)
                SELECT :s, c, q FROM unnest(CAST(:cs AS text[]), CAST(:qs AS int[])) AS t(c, q) WHERE q <= :limit
                ON CONFLICT (sale_id, customer_id) DO UPDATE SET bought = flash_customer.bought + EXCLUDED.bought
                WHERE flash_customer.bought + EXCLUDED.bought <= :limit
                RETURNING customer_id""")
                .param("s", saleId.value()).param("cs", customers.toArray(String[]::new))
                .param("qs", quantities.toArray(Integer[]::new)).param("limit", limit).query(String.class).list());
    }

    /** Gives units back to the customers' limits, in one statement; each customer may appear once. */
    @Override
    public void uncount(FlashSaleId saleId, List<String> customers, List<Integer> quantities) {
        if (customers.isEmpty()) {
            return;
        }
        jdbc.sql("""
                UPDATE promotion.flash_customer f SET bought = f.bought - t.q
                FROM unnest(CAST(:cs AS text[]), CAST(:qs AS int[])) AS t(c, q)
                WHERE f.sale_id = :s AND f.customer_id = t.c""")
                .param("s", saleId.value()).param("cs", customers.toArray(String[]::new))
                .param("qs", quantities.toArray(Integer[]::new)).update();
    }

    /**
     * Inserts admitted purchases' claims in one statement (ref = id); keys and addresses may be null.
     * Returns the ids inserted: a claim whose (customer, Idempotency-Key) another transaction has just
     * used is left out, and the caller undoes what it took for it.
     */
    @Override
    public java.util.Set<String> insertClaims(List<FlashClaim> claims, List<String> keys, List<String> addresses) {
        if (claims.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.sql("""
                INSERT INTO promotion.flash_claim (id, sale_id, ref, customer_id, quantity, bucket, status, idempotency_key,
                    shipping_address, created_at, updated_at)
                SELECT i, s, i, c, q, b, st, k, CAST(a AS jsonb), :at, :at
                FROM unnest(CAST(:ids AS text[]), CAST(:sales AS text[]), CAST(:cs AS text[]), CAST(:qs AS int[]),
                    CAST(:bs AS int[]), CAST(:sts AS text[]), CAST(:keys AS text[]), CAST(:addrs AS text[]))
                    AS t(i, s, c, q, b, st, k, a)
                ON CONFLICT DO NOTHING RETURNING id""")
                .param("ids", claims.stream().map(FlashClaim::id).toArray(String[]::new))
                .param("sales", claims.stream().map(c -> c.saleId().value()).toArray(String[]::new))
                .param("cs", claims.stream().map(FlashClaim::customerId).toArray(String[]::new))
                .param("qs", claims.stream().map(FlashClaim::quantity).toArray(Integer[]::new))
                .param("bs", claims.stream().map(FlashClaim::bucket).toArray(Integer[]::new))
                .param("sts", claims.stream().map(c -> c.state().name()).toArray(String[]::new))
                .param("keys", keys.toArray(String[]::new)).param("addrs", addresses.toArray(String[]::new))
                .param("at", ts(claims.getFirst().createdAt())).query(String.class).list());
    }

    /** Earlier purchases under the given (customer, Idempotency-Key) pairs, by {@code customer + "\n" + key}. */
    @Override
    public java.util.Map<String, FlashClaim> claimsByKeys(List<String> customers, List<String> keys) {
        java.util.Map<String, FlashClaim> found = new java.util.HashMap<>();
        if (customers.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                SELECT f.* FROM promotion.flash_claim f
                JOIN unnest(CAST(:cs AS text[]), CAST(:ks AS text[])) AS t(c, k) ON f.customer_id = t.c AND f.idempotency_key = t.k""")
                .param("cs", customers.toArray(String[]::new)).param("ks", keys.toArray(String[]::new))
                .query(rs -> {
                    found.put(rs.getString("customer_id") + "\n" + rs.getString("idempotency_key"), claim(rs, 0));
                });
        return found;
    }

    @Override
    public void uncount(FlashSaleId saleId, String customerId, int quantity) {
        jdbc.sql("UPDATE promotion.flash_customer SET bought = bought - :q WHERE sale_id = :s AND customer_id = :c")
                .param("q", quantity).param("s", saleId.value()).param("c", customerId).update();
    }

    @Override
    public int bought(FlashSaleId saleId, String customerId) {
        return jdbc.sql("SELECT coalesce(max(bought), 0) FROM promotion.flash_customer WHERE sale_id = :s AND customer_id = :c")
                .param("s", saleId.value()).param("c", customerId).query(Integer.class).single();
    }

    @Override
    public void insertClaim(FlashClaim c, String idempotencyKey, String address) {
        jdbc.sql("""
                INSERT INTO promotion.flash_claim (id, sale_id, ref, customer_id, quantity, bucket, status, idempotency_key,
                    shipping_address, created_at, updated_at)
                VALUES (:id, :s, :ref, :c, :q, :b, :status, :key, CAST(:addr AS jsonb), :at, :at)""")
                .param("id", c.id()).param("status", c.state().name()).param("s", c.saleId().value()).param("ref", c.ref()).param("c", c.customerId())
                .param("q", c.quantity()).param("b", c.bucket()).param("key", idempotencyKey).param("addr", address)
                .param("at", ts(c.createdAt())).update();
    }

    @Override
    public Optional<FlashClaim> claim(String id) {
        return jdbc.sql("SELECT * FROM promotion.flash_claim WHERE id = :id").param("id", id).query(JdbcFlashRepository::claim)
                .optional();
    }

    @Override
    public Optional<FlashClaim> claimFor(FlashSaleId saleId, String ref) {
        return jdbc.sql("SELECT * FROM promotion.flash_claim WHERE sale_id = :s AND ref = :ref")
                .param("s", saleId.value()).param("ref", ref).query(JdbcFlashRepository::claim).optional();
    }

    @Override
    public List<FlashClaim> claimsOf(String ref, boolean lock) {
        return jdbc.sql("SELECT * FROM promotion.flash_claim WHERE ref = :ref ORDER BY id" + (lock ? " FOR UPDATE" : ""))
                .param("ref", ref).query(JdbcFlashRepository::claim).list();
    }

    /** Records a claim's new state (it was read locked, by {@link #claimsOf(String, boolean)}). */
    @Override
    public void saveState(FlashClaim claim, Instant at) {
        jdbc.sql("UPDATE promotion.flash_claim SET status = :s, updated_at = :at WHERE id = :id")
                .param("s", claim.state().name()).param("at", ts(at)).param("id", claim.id()).update();
    }

    private static FlashSale sale(ResultSet rs, int n) throws SQLException {
        String currency = rs.getString("currency");
        return new FlashSale(new FlashSaleId(rs.getString("id")), rs.getString("sku_id"), rs.getString("product_id"),
                rs.getString("product_name"), rs.getString("merchant_id"), money(rs, "list_price", currency),
                money(rs, "price", currency), rs.getInt("stock"), rs.getInt("per_customer_limit"), instant(rs, "starts_at"),
                instant(rs, "ends_at"), rs.getString("pool_id"), rs.getInt("buckets"), FlashSale.State.valueOf(rs.getString("status")),
                rs.getString("created_by"), instant(rs, "created_at"));
    }

    private static FlashClaim claim(ResultSet rs, int n) throws SQLException {
        return new FlashClaim(rs.getString("id"), new FlashSaleId(rs.getString("sale_id")), rs.getString("ref"),
                rs.getString("customer_id"), rs.getInt("quantity"), rs.getInt("bucket"),
                FlashClaim.State.valueOf(rs.getString("status")), instant(rs, "created_at"));
    }
}
