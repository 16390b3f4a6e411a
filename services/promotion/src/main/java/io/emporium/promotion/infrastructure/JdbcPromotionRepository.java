package io.emporium.promotion.infrastructure;

import io.emporium.promotion.application.PromotionRepository;
import io.emporium.kernel.Money;
import io.emporium.promotion.api.CouponTemplateView;
import io.emporium.promotion.api.CouponView;
import io.emporium.promotion.api.NewThresholdDiscount;
import io.emporium.promotion.api.ScopeSpec;
import io.emporium.promotion.api.ThresholdDiscountView;
import io.emporium.promotion.domain.Coupon;
import io.emporium.promotion.domain.PriceSchedule;
import io.emporium.promotion.domain.PricingHold;
import io.emporium.promotion.domain.ThresholdDiscount;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Time-limited prices, threshold discounts, coupon templates, coupons and pricing holds. */
@Repository
public class JdbcPromotionRepository implements PromotionRepository {

    private static final TypeReference<List<NewThresholdDiscount.Tier>> TIERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public JdbcPromotionRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Money money(ResultSet rs, String column, String currency) throws SQLException {
        BigDecimal amount = rs.getBigDecimal(column);
        return amount == null ? null : Money.of(amount.stripTrailingZeros(), currency);
    }

    /** Serialises changes to one key (a SKU's schedules, a customer's holds) until the transaction ends. */
    @Override
    public void lock(String key) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:k))").param("k", "promotion:" + key).query(rs -> {
        });
    }

    // ---- time-limited prices

    @Override
    public boolean scheduleOverlaps(String skuId, Instant from, Instant until) {
        return jdbc.sql("""
                SELECT count(*) FROM promotion.price_schedule
                WHERE sku_id = :sku AND status = :active AND starts_at < :until AND ends_at > :from""")
                .param("sku", skuId).param("active", PriceSchedule.State.ACTIVE.name()).param("from", ts(from)).param("until", ts(until)).query(Long.class).single() > 0;
    }

    @Override
    public void insertSchedule(PriceSchedule s) {
        jdbc.sql("""
                INSERT INTO promotion.price_schedule (id, merchant_id, sku_id, price, currency, starts_at, ends_at, status, created_at)
                VALUES (:id, :m, :sku, :price, :cur, :from, :until, :status, :at)""")
                .param("id", s.id()).param("status", s.state().name()).param("m", s.merchantId()).param("sku", s.skuId()).param("price", s.price().amount())
                .param("cur", s.price().currency().getCurrencyCode()).param("from", ts(s.startsAt()))
                .param("until", ts(s.endsAt())).param("at", ts(s.createdAt())).update();
    }

    @Override
    public List<PriceSchedule> schedulesOf(String merchantId) {
        return jdbc.sql("SELECT * FROM promotion.price_schedule WHERE merchant_id = :m ORDER BY starts_at DESC LIMIT 500")
                .param("m", merchantId).query(JdbcPromotionRepository::schedule).list();
    }

    @Override
    public Optional<PriceSchedule> schedule(String id) {
        return jdbc.sql("SELECT * FROM promotion.price_schedule WHERE id = :id").param("id", id)
                .query(JdbcPromotionRepository::schedule).optional();
    }

    /** Records a schedule's new state. */
    @Override
    public void saveState(PriceSchedule s) {
        jdbc.sql("UPDATE promotion.price_schedule SET status = :s WHERE id = :id").param("s", s.state().name())
                .param("id", s.id()).update();
    }

    /** The time-limited prices in force at {@code at} for the SKUs (at most one each: overlaps are refused). */
    @Override
    public List<PriceSchedule> activeSchedules(Collection<String> skuIds, Instant at) {
        if (skuIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT * FROM promotion.price_schedule
                WHERE sku_id IN (:skus) AND status = :active AND starts_at <= :at AND ends_at > :at""")
                .param("skus", skuIds).param("active", PriceSchedule.State.ACTIVE.name()).param("at", ts(at)).query(JdbcPromotionRepository::schedule).list();
    }

    private static PriceSchedule schedule(ResultSet rs, int n) throws SQLException {
        return new PriceSchedule(rs.getString("id"), rs.getString("merchant_id"), rs.getString("sku_id"),
                money(rs, "price", rs.getString("currency")), instant(rs, "starts_at"), instant(rs, "ends_at"),
                PriceSchedule.State.valueOf(rs.getString("status")), instant(rs, "created_at"));
    }

    // ---- threshold discounts

    @Override
    public void insertThreshold(ThresholdDiscountView t, String currency) {
        jdbc.sql("""
                INSERT INTO promotion.threshold_discount (id, merchant_id, name, currency, tiers, scope_kind, scope_ids,
                    starts_at, ends_at, status, created_at)
                VALUES (:id, :m, :name, :cur, CAST(:tiers AS jsonb), :kind, :ids, :from, :until, :status, :at)""")
                .param("id", t.id()).param("status", ThresholdDiscount.State.valueOf(t.status()).name()).param("m", t.merchantId()).param("name", t.name()).param("cur", currency)
                .param("tiers", json.writeValueAsString(t.tiers())).param("kind", t.scope().kind())
                .param("ids", t.scope().ids().toArray(String[]::new)).param("from", ts(t.startsAt()))
                .param("until", ts(t.endsAt())).param("at", ts(t.createdAt())).update();
    }

    @Override
    public List<ThresholdDiscountView> thresholds(Optional<String> merchantId, boolean platformOnly) {
        String where = merchantId.isPresent() ? "merchant_id = :m" : platformOnly ? "merchant_id IS NULL" : "true";
        var spec = jdbc.sql("SELECT * FROM promotion.threshold_discount WHERE " + where + " ORDER BY created_at DESC LIMIT 500");
        if (merchantId.isPresent()) {
            spec = spec.param("m", merchantId.get());
        }
        return spec.query(this::thresholdRow).list();
    }

    @Override
    public Optional<ThresholdDiscountView> threshold(String id) {
        return jdbc.sql("SELECT * FROM promotion.threshold_discount WHERE id = :id").param("id", id).query(this::thresholdRow)
                .optional();
    }

    /** Threshold discounts in force at {@code at} in {@code currency}. */
    @Override
    public List<ThresholdDiscountView> activeThresholds(Instant at, String currency) {
        return jdbc.sql("""
                SELECT * FROM promotion.threshold_discount
                WHERE status = :active AND starts_at <= :at AND ends_at > :at AND currency = :cur ORDER BY created_at, id""")
                .param("active", ThresholdDiscount.State.ACTIVE.name()).param("at", ts(at)).param("cur", currency).query(this::thresholdRow).list();
    }

    private ThresholdDiscountView thresholdRow(ResultSet rs, int n) throws SQLException {
        return new ThresholdDiscountView(rs.getString("id"), rs.getString("merchant_id"), rs.getString("name"),
                json.readValue(rs.getString("tiers"), TIERS), scope(rs), instant(rs, "starts_at"), instant(rs, "ends_at"),
                rs.getString("status"), instant(rs, "created_at"));
    }

    private static ScopeSpec scope(ResultSet rs) throws SQLException {
        return new ScopeSpec(rs.getString("scope_kind"), List.of((String[]) rs.getArray("scope_ids").getArray()));
    }

    // ---- coupon templates and coupons

    @Override
    public void insertTemplate(CouponTemplateView t, String currency) {
        jdbc.sql("""
                INSERT INTO promotion.coupon_template (id, merchant_id, name, kind, currency, amount, percent, max_discount,
                    min_spend, scope_kind, scope_ids, valid_from, valid_until, total_cap, per_customer_limit, created_at)
                VALUES (:id, :m, :name, :kind, :cur, :amount, :percent, :max, :min, :skind, :sids, :from, :until, :cap,
                    :limit, :at)""")
                .param("id", t.id()).param("m", t.merchantId()).param("name", t.name()).param("kind", t.kind())
                .param("cur", currency).param("amount", t.amount() == null ? null : t.amount().amount())
                .param("percent", t.percent()).param("max", t.maxDiscount() == null ? null : t.maxDiscount().amount())
                .param("min", t.minSpend() == null ? null : t.minSpend().amount()).param("skind", t.scope().kind())
                .param("sids", t.scope().ids().toArray(String[]::new)).param("from", ts(t.validFrom()))
                .param("until", ts(t.validUntil())).param("cap", t.totalCap()).param("limit", t.perCustomerLimit())
                .param("at", ts(t.createdAt())).update();
    }

    @Override
    public Optional<CouponTemplateView> template(String id) {
        return jdbc.sql("SELECT * FROM promotion.coupon_template WHERE id = :id").param("id", id)
                .query(JdbcPromotionRepository::template).optional();
    }

    /** Templates; {@code claimableAt} keeps those customers can claim now (in their window and not exhausted). */
    @Override
    public List<CouponTemplateView> templates(Optional<String> merchantId, Optional<Instant> claimableAt) {
        StringBuilder sql = new StringBuilder("SELECT * FROM promotion.coupon_template WHERE true");
        if (merchantId.isPresent()) {
            sql.append(" AND merchant_id = :m");
        }
        if (claimableAt.isPresent()) {
            sql.append(" AND valid_from <= :at AND valid_until > :at AND issued < total_cap");
        }
        sql.append(" ORDER BY created_at DESC LIMIT 500");
        var spec = jdbc.sql(sql.toString());
        if (merchantId.isPresent()) {
            spec = spec.param("m", merchantId.get());
        }
        if (claimableAt.isPresent()) {
            spec = spec.param("at", ts(claimableAt.get()));
        }
        return spec.query(JdbcPromotionRepository::template).list();
    }

    /** Takes one coupon off the cap; the row stays locked until commit, serialising claims of this template. */
    @Override
    public boolean issueOne(String templateId) {
        return jdbc.sql("UPDATE promotion.coupon_template SET issued = issued + 1 WHERE id = :id AND issued < total_cap")
                .param("id", templateId).update() == 1;
    }

    @Override
    public int claimedBy(String templateId, String customerId) {
        return jdbc.sql("SELECT count(*) FROM promotion.coupon WHERE template_id = :t AND customer_id = :c")
                .param("t", templateId).param("c", customerId).query(Integer.class).single();
    }

    @Override
    public void insertCoupon(Coupon c, Instant now) {
        jdbc.sql("""
                INSERT INTO promotion.coupon (code, template_id, customer_id, status, held_by, claimed_at, updated_at)
                VALUES (:code, :t, :c, :status, :ref, :at, :at)""")
                .param("code", c.code()).param("t", c.templateId()).param("c", c.customerId())
                .param("status", c.state().name()).param("ref", c.heldBy()).param("at", ts(now)).update();
    }

    /** A coupon with what its checks and views need: its template and when it was claimed. */

    @Override
    public Optional<StoredCoupon> coupon(String code, boolean lock) {
        return jdbc.sql("""
                SELECT c.code, c.customer_id, c.status AS coupon_status, c.held_by, c.claimed_at, t.*
                FROM promotion.coupon c JOIN promotion.coupon_template t ON t.id = c.template_id WHERE c.code = :code"""
                        + (lock ? " FOR UPDATE OF c" : ""))
                .param("code", code).query(JdbcPromotionRepository::storedCoupon).optional();
    }

    @Override
    public List<StoredCoupon> couponsOf(String customerId) {
        return jdbc.sql("""
                SELECT c.code, c.customer_id, c.status AS coupon_status, c.held_by, c.claimed_at, t.*
                FROM promotion.coupon c JOIN promotion.coupon_template t ON t.id = c.template_id
                WHERE c.customer_id = :c ORDER BY c.claimed_at DESC LIMIT 500""")
                .param("c", customerId).query(JdbcPromotionRepository::storedCoupon).list();
    }

    @Override
    public List<StoredCoupon> couponsHeldBy(String ref) {
        return jdbc.sql("""
                SELECT c.code, c.customer_id, c.status AS coupon_status, c.held_by, c.claimed_at, t.*
                FROM promotion.coupon c JOIN promotion.coupon_template t ON t.id = c.template_id
                WHERE c.held_by = :ref ORDER BY c.code FOR UPDATE OF c""")
                .param("ref", ref).query(JdbcPromotionRepository::storedCoupon).list();
    }

    /**
     * Records a coupon's transition from {@code from} (it was read locked, so the condition only
     * guards against a caller that did not lock it). A redemption is counted on its template.
     */
    @Override
    public void saveTransition(Coupon.State from, Coupon to, Instant now) {
        int changed = jdbc.sql("""
                UPDATE promotion.coupon SET status = :to, held_by = :ref, updated_at = :at WHERE code = :code AND status = :from""")
                .param("to", to.state().name()).param("ref", to.heldBy()).param("at", ts(now)).param("code", to.code())
                .param("from", from.name()).update();
        if (changed == 1 && to.state() == Coupon.State.REDEEMED) {
            jdbc.sql("UPDATE promotion.coupon_template SET redeemed = redeemed + 1 WHERE id = :id").param("id", to.templateId())
                    .update();
        }
    }

    private static StoredCoupon storedCoupon(ResultSet rs, int n) throws SQLException {
        Coupon coupon = new Coupon(rs.getString("code"), rs.getString("id"), rs.getString("customer_id"),
                Coupon.State.valueOf(rs.getString("coupon_status")), rs.getString("held_by"));
        return new StoredCoupon(coupon, instant(rs, "claimed_at"), template(rs, n));
    }

    private static CouponTemplateView template(ResultSet rs, int n) throws SQLException {
        String currency = rs.getString("currency");
        return new CouponTemplateView(rs.getString("id"), rs.getString("merchant_id"), rs.getString("name"),
                rs.getString("kind"), money(rs, "amount", currency),
                rs.getBigDecimal("percent") == null ? null : rs.getBigDecimal("percent").stripTrailingZeros(),
                money(rs, "max_discount", currency), money(rs, "min_spend", currency), scope(rs), instant(rs, "valid_from"),
                instant(rs, "valid_until"), rs.getInt("total_cap"), rs.getInt("per_customer_limit"), rs.getInt("issued"),
                rs.getInt("redeemed"), instant(rs, "created_at"));
    }

    // ---- pricing holds

    @Override
    public Optional<PricingHold> hold(String ref, boolean lock) {
        return jdbc.sql("SELECT ref, customer_id, request_hash, quote::text, status FROM promotion.pricing_hold WHERE ref = :ref"
                        + (lock ? " FOR UPDATE" : ""))
                .param("ref", ref)
                .query((rs, n) -> new PricingHold(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        PricingHold.State.valueOf(rs.getString(5))))
                .optional();
    }

    @Override
    public void insertHold(PricingHold h, Instant now) {
        jdbc.sql("""
                INSERT INTO promotion.pricing_hold (ref, customer_id, request_hash, quote, status, created_at, updated_at)
                VALUES (:ref, :c, :h, CAST(:q AS jsonb), :status, :at, :at)""")
                .param("ref", h.ref()).param("c", h.customerId()).param("h", h.requestHash()).param("q", h.quote())
                .param("status", h.state().name()).param("at", ts(now)).update();
    }

    /** Records a hold's new state (it was read locked). */
    @Override
    public void saveState(PricingHold h, Instant now) {
        jdbc.sql("UPDATE promotion.pricing_hold SET status = :s, updated_at = :at WHERE ref = :ref")
                .param("s", h.state().name()).param("at", ts(now)).param("ref", h.ref()).update();
    }
}
