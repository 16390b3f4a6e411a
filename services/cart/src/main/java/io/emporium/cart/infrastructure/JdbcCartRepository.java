package io.emporium.cart.infrastructure;

import io.emporium.cart.application.CartRepository;
import io.emporium.cart.domain.CartLine;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.SkuId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class JdbcCartRepository implements CartRepository {

    private final JdbcClient jdbc;

    public JdbcCartRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<CartLine> lines(CustomerId customer) {
        return jdbc.sql("SELECT * FROM cart.cart_line WHERE customer_id = :c ORDER BY added_at, sku_id")
                .param("c", customer.value())
                .query((rs, n) -> new CartLine(customer, new SkuId(rs.getString("sku_id")), rs.getInt("quantity"),
                        rs.getObject("added_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    @Override
    public Optional<Integer> quantity(CustomerId customer, SkuId sku, boolean lock) {
        return jdbc.sql("SELECT quantity FROM cart.cart_line WHERE customer_id = :c AND sku_id = :s" + (lock ? " FOR UPDATE" : ""))
                .param("c", customer.value()).param("s", sku.value()).query(Integer.class).optional();
    }

    @Override
    public int count(CustomerId customer) {
        return jdbc.sql("SELECT count(*) FROM cart.cart_line WHERE customer_id = :c").param("c", customer.value())
                .query(Integer.class).single();
    }

    @Override
    public void put(CustomerId customer, SkuId sku, int quantity, Instant now) {
        jdbc.sql("""
                INSERT INTO cart.cart_line (customer_id, sku_id, quantity, added_at, updated_at) VALUES (:c, :s, :q, :now, :now)
                ON CONFLICT (customer_id, sku_id) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = EXCLUDED.updated_at""")
                .param("c", customer.value()).param("s", sku.value()).param("q", quantity)
                .param("now", now.atOffset(ZoneOffset.UTC)).update();
    }

    /** Adds to a line (creating it) in one statement; returns the line's new quantity. */
    @Override
    public int add(CustomerId customer, SkuId sku, int quantity, Instant now) {
        return jdbc.sql("""
                INSERT INTO cart.cart_line (customer_id, sku_id, quantity, added_at, updated_at) VALUES (:c, :s, :q, :now, :now)
                ON CONFLICT (customer_id, sku_id) DO UPDATE SET quantity = cart.cart_line.quantity + EXCLUDED.quantity,
                       updated_at = EXCLUDED.updated_at
                RETURNING quantity""")
                .param("c", customer.value()).param("s", sku.value()).param("q", quantity)
                .param("now", now.atOffset(ZoneOffset.UTC)).query(Integer.class).single();
    }

    /** Records that a checkout's quantities are taken off the cart; false when they were already. */
    @Override
    public boolean recordCheckout(CustomerId customer, String checkoutId, java.time.Instant now) {
        return jdbc.sql("INSERT INTO cart.checked_out (checkout_id, customer_id, at) VALUES (:id, :c, :at) ON CONFLICT DO NOTHING")
                .param("id", checkoutId).param("c", customer.value()).param("at", now.atOffset(ZoneOffset.UTC)).update() == 1;
    }

    /** Takes checked-out quantities off the lines (a line whose quantity reaches zero goes). */
    @Override
    public void subtract(CustomerId customer, SkuId sku, int quantity) {
        jdbc.sql("DELETE FROM cart.cart_line WHERE customer_id = :c AND sku_id = :s AND quantity <= :q")
                .param("c", customer.value()).param("s", sku.value()).param("q", quantity).update();
        jdbc.sql("UPDATE cart.cart_line SET quantity = quantity - :q WHERE customer_id = :c AND sku_id = :s")
                .param("c", customer.value()).param("s", sku.value()).param("q", quantity).update();
    }

    @Override
    public boolean remove(CustomerId customer, SkuId sku) {
        return jdbc.sql("DELETE FROM cart.cart_line WHERE customer_id = :c AND sku_id = :s")
                .param("c", customer.value()).param("s", sku.value()).update() == 1;
    }

    @Override
    public void clear(CustomerId customer) {
        jdbc.sql("DELETE FROM cart.cart_line WHERE customer_id = :c").param("c", customer.value()).update();
    }
}
