package io.emporium.order.infrastructure;

import io.emporium.order.application.OrderRepository;
import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.Money;
import io.emporium.kernel.OrderId;
import io.emporium.kernel.PaymentId;
import io.emporium.messaging.Outbox;
import io.emporium.kernel.Page;
import io.emporium.kernel.PageRequest;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderLine;
import io.emporium.order.domain.OrderStatus;
import io.emporium.kernel.PostalAddress;
import io.emporium.order.domain.TimelineEntry;
import io.emporium.platform.problem.ConflictException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Orders, their lines, timelines and the events they raise, and checkouts with the answer each gave. */
@Repository
public class JdbcOrderRepository implements OrderRepository {

    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };
    private static final TypeReference<List<OrderLine.Promotion>> PROMOTIONS = new TypeReference<>() {
    };

    private static Money money(ResultSet rs, String column, String currency) throws SQLException {
        return Money.of(rs.getBigDecimal(column).stripTrailingZeros(), currency);
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Outbox outbox;

    public JdbcOrderRepository(JdbcClient jdbc, JsonMapper json, Outbox outbox) {
        this.jdbc = jdbc;
        this.json = json;
        this.outbox = outbox;
    }

    static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    @Override
    public Optional<StoredCheckout> findCheckout(CustomerId customerId, String idempotencyKey) {
        return jdbc.sql("SELECT id, request_hash, response::text FROM orders.checkout WHERE customer_id = :c AND idempotency_key = :k")
                .param("c", customerId.value()).param("k", idempotencyKey)
                .query((rs, n) -> new StoredCheckout(new CheckoutId(rs.getString(1)), rs.getString(2), rs.getString(3)))
                .optional();
    }

    @Override
    public void insertCheckout(CheckoutId id, CustomerId customerId, String key, String hash, PaymentId paymentId, Money total,
            String response, Instant now) {
        jdbc.sql("INSERT INTO orders.checkout (id, customer_id, idempotency_key, request_hash, payment_id, total, currency,"
                        + " response, created_at) VALUES (:id, :c, :k, :h, :p, :total, :currency, CAST(:response AS jsonb), :at)")
                .param("id", id.value()).param("c", customerId.value()).param("k", key).param("h", hash)
                .param("p", paymentId.value()).param("total", total.amount())
                .param("currency", total.currency().getCurrencyCode())
                .param("response", response).param("at", ts(now)).update();
    }

    @Override
    public void insert(Order order) {
        jdbc.sql("INSERT INTO orders.customer_order (id, checkout_id, customer_id, merchant_id, status, total, currency,"
                        + " shipping_address, payment_id, version, created_at, updated_at, shipping)"
                        + " VALUES (:id, :checkout, :customer, :merchant, :status, :total, :currency, CAST(:address AS jsonb),"
                        + " :payment, 1, :at, :at, :shipping)")
                .param("shipping", order.shipping().amount())
                .param("id", order.id().value()).param("checkout", order.checkoutId().value())
                .param("customer", order.customerId().value()).param("merchant", order.merchantId().value())
                .param("status", order.status().name())
                .param("total", order.total().amount()).param("currency", order.total().currency().getCurrencyCode())
                .param("address", json.writeValueAsString(order.shippingAddress())).param("payment", order.paymentId().value())
                .param("at", ts(order.createdAt())).update();
        int lineNo = 0;
        for (OrderLine line : order.lines()) {
            jdbc.sql("INSERT INTO orders.order_line (order_id, line_no, sku_id, product_id, product_name, attributes, quantity,"
                            + " unit_price, list_price, price_source, discount, promotions) VALUES (:o, :n, :sku, :product, :name,"
                            + " CAST(:attributes AS jsonb), :q, :price, :list, :source, :discount, CAST(:promotions AS jsonb))")
                    .param("list", line.listUnitPrice().amount()).param("source", line.priceSource())
                    .param("discount", line.discount().amount()).param("promotions", json.writeValueAsString(line.promotions()))
                    .param("o", order.id().value()).param("n", lineNo++).param("sku", line.skuId()).param("product", line.productId())
                    .param("name", line.productName()).param("attributes", json.writeValueAsString(line.attributes()))
                    .param("q", line.quantity()).param("price", line.unitPrice().amount()).update();
        }
        appendTimeline(order);
        appendEvents(order);
    }

    /** Saves a changed order, refusing to overwrite a change made since it was loaded. */
    @Override
    public void update(Order order) {
        int updated = jdbc.sql("UPDATE orders.customer_order SET status = :status, carrier = :carrier, tracking_number = :tracking,"
                        + " refund_approved = :approved, version = version + 1, updated_at = :at WHERE id = :id AND version = :version")
                .param("status", order.status().name()).param("carrier", order.carrier())
                .param("tracking", order.trackingNumber()).param("approved", order.refundApproved())
                .param("at", ts(order.updatedAt())).param("id", order.id().value()).param("version", order.version()).update();
        if (updated != 1) {
            throw new ConflictException("concurrent-modification", "order " + order.id() + " changed meanwhile; try again");
        }
        appendTimeline(order);
        appendEvents(order);
    }

    /** The order's new events, in the transaction of its change: they exist if and only if the change committed. */
    private void appendEvents(Order order) {
        for (Object event : order.newEvents()) {
            outbox.append("orders", order.id().value(), event);
        }
    }

    private void appendTimeline(Order order) {
        for (TimelineEntry entry : order.newTimelineEntries()) {
            jdbc.sql("INSERT INTO orders.order_timeline (order_id, status, note, at) VALUES (:o, :s, :note, :at)")
                    .param("o", order.id().value()).param("s", entry.status().name()).param("note", entry.note())
                    .param("at", ts(entry.at())).update();
        }
    }

    @Override
    public Optional<Order> find(OrderId id, boolean lock) {
        List<Order> found = load("o.id = :v", id.value(), lock);
        return found.stream().findFirst();
    }

    /** The orders of a checkout, locked, in a stable order. */
    @Override
    public List<Order> ofCheckout(CheckoutId checkoutId) {
        return load("o.checkout_id = :v", checkoutId.value(), true);
    }

    @Override
    public Page<Order> list(Optional<CustomerId> customerId, Optional<MerchantId> merchantId, Optional<OrderStatus> status,
            PageRequest page) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Map<String, Object> params = new LinkedHashMap<>();
        customerId.ifPresent(c -> {
            where.append(" AND o.customer_id = :customer");
            params.put("customer", c.value());
        });
        merchantId.ifPresent(m -> {
            where.append(" AND o.merchant_id = :merchant");
            params.put("merchant", m.value());
        });
        status.ifPresent(s -> {
            where.append(" AND o.status = :status");
            params.put("status", s.name());
        });
        long total = jdbc.sql("SELECT count(*) FROM orders.customer_order o" + where).params(params).query(Long.class).single();
        List<OrderId> ids = jdbc.sql("SELECT o.id FROM orders.customer_order o" + where
                        + " ORDER BY o.created_at DESC, o.id LIMIT :limit OFFSET :offset")
                .params(params).param("limit", page.size()).param("offset", page.offset())
                .query((rs, n) -> new OrderId(rs.getString(1))).list();
        List<Order> items = new ArrayList<>();
        for (OrderId id : ids) {
            find(id, false).ifPresent(items::add);
        }
        return new Page<>(items, page.page(), page.size(), total);
    }

    /** Checkouts with an order still waiting for payment that was placed before {@code placedBefore}. */
    @Override
    public List<CheckoutId> unpaidCheckouts(Instant placedBefore, int limit) {
        return jdbc.sql("SELECT checkout_id FROM orders.customer_order WHERE status = 'PENDING_PAYMENT'"
                        + " AND created_at < :before GROUP BY checkout_id ORDER BY min(created_at) LIMIT :limit")
                .param("before", ts(placedBefore)).param("limit", limit)
                .query((rs, n) -> new CheckoutId(rs.getString(1))).list();
    }

    /** Orders delivered (last changed) before {@code deliveredBefore}. */
    @Override
    public List<OrderId> deliveredBefore(Instant deliveredBefore, int limit) {
        return jdbc.sql("SELECT id FROM orders.customer_order WHERE status = 'DELIVERED' AND updated_at < :before LIMIT :limit")
                .param("before", ts(deliveredBefore)).param("limit", limit)
                .query((rs, n) -> new OrderId(rs.getString(1))).list();
    }

    private List<Order> load(String condition, String value, boolean lock) {
        if (lock) {
            jdbc.sql("SELECT o.id FROM orders.customer_order o WHERE " + condition + " ORDER BY o.id FOR UPDATE")
                    .param("v", value).query(String.class).list();
        }
        Map<String, List<TimelineEntry>> timelines = new HashMap<>();
        Map<String, List<OrderLine>> lines = new HashMap<>();
        String ids = "SELECT o.id FROM orders.customer_order o WHERE " + condition;
        jdbc.sql("SELECT * FROM orders.order_timeline WHERE order_id IN (" + ids + ") ORDER BY seq").param("v", value)
                .query(rs -> {
                    timelines.computeIfAbsent(rs.getString("order_id"), k -> new ArrayList<>()).add(new TimelineEntry(
                            OrderStatus.valueOf(rs.getString("status")), instant(rs, "at"), rs.getString("note")));
                });
        jdbc.sql("SELECT l.*, o.currency FROM orders.order_line l JOIN orders.customer_order o ON o.id = l.order_id"
                        + " WHERE l.order_id IN (" + ids + ") ORDER BY l.line_no").param("v", value)
                .query(rs -> {
                    String currency = rs.getString("currency").trim();
                    lines.computeIfAbsent(rs.getString("order_id"), k -> new ArrayList<>()).add(new OrderLine(
                            rs.getString("sku_id"), rs.getString("product_id"), rs.getString("product_name"),
                            json.readValue(rs.getString("attributes"), ATTRIBUTES), rs.getInt("quantity"),
                            money(rs, "unit_price", currency), money(rs, "list_price", currency), rs.getString("price_source"),
                            money(rs, "discount", currency), json.readValue(rs.getString("promotions"), PROMOTIONS)));
                });
        return jdbc.sql("SELECT * FROM orders.customer_order o WHERE " + condition + " ORDER BY o.id")
                .param("v", value)
                .query((rs, n) -> new Order(new OrderId(rs.getString("id")), new CheckoutId(rs.getString("checkout_id")),
                        new CustomerId(rs.getString("customer_id")), new MerchantId(rs.getString("merchant_id")),
                        lines.getOrDefault(rs.getString("id"), List.of()), money(rs, "shipping", rs.getString("currency").trim()),
                        json.readValue(rs.getString("shipping_address"), PostalAddress.class),
                        new PaymentId(rs.getString("payment_id")),
                        OrderStatus.valueOf(rs.getString("status")), rs.getString("carrier"), rs.getString("tracking_number"),
                        rs.getBoolean("refund_approved"), timelines.getOrDefault(rs.getString("id"), List.of()),
                        rs.getInt("version"), instant(rs, "created_at"), instant(rs, "updated_at")))
                .list();
    }
}
