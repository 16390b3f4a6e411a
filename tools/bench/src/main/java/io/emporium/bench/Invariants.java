package io.emporium.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * End-of-run checks on the platform's data, read-only. Checks on tables that do not exist yet (the
 * order and payment services may not be there) are SKIPPED. Adjust the SQL here if table or column
 * names change.
 */
final class Invariants {

    /** Stock items that are oversold or whose counts do not add up; must be 0. */
    static final String BROKEN_STOCK_ITEMS = """
            SELECT count(*) FROM inventory.stock_item
             WHERE available < 0 OR available + reserved + sold <> received""";

    /** Checkouts with at least one order paid for (or beyond, refunds included as on the payment side). */
    static final String PAID_CHECKOUTS = """
            SELECT count(DISTINCT checkout_id) FROM orders.customer_order
             WHERE status IN ('PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'REFUND_REQUESTED', 'REFUNDED')""";

    /** Payments whose money was captured (possibly refunded since). */
    static final String CAPTURED_PAYMENTS = """
            SELECT count(*) FROM payment.payment_intent
             WHERE status IN ('CAPTURED', 'REFUNDED', 'PARTIALLY_REFUNDED')""";

    /** SKUs whose reserved count differs from the sum of their lines in RESERVED reservations; must be 0. */
    static final String INCONSISTENT_RESERVATIONS = """
            SELECT count(*) FROM inventory.stock_item s
              LEFT JOIN (SELECT l.sku_id, sum(l.quantity) AS quantity
                           FROM inventory.reservation_line l
                           JOIN inventory.reservation r ON r.id = l.reservation_id
                          WHERE r.status = 'RESERVED'
                          GROUP BY l.sku_id) held ON held.sku_id = s.sku_id
             WHERE s.reserved <> coalesce(held.quantity, 0)""";

    /** Checkouts created since the run started (parameter: the start, by the database's clock). */
    static final String CHECKOUTS_SINCE = """
            SELECT count(*) FROM orders.checkout WHERE created_at >= ?""";

    /** PostgreSQL's undefined_table and invalid_schema_name. */
    private static final Set<String> MISSING = Set.of("42P01", "3F000");
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private final Jdbc jdbc;

    Invariants(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** All checks; runStart is when the load began, clientCheckouts how many 201 checkouts the tool saw. */
    List<Check> check(OffsetDateTime runStart, long clientCheckouts) throws InterruptedException {
        Log.step("Checking invariants");
        return List.of(
                zero("no oversell", BROKEN_STOCK_ITEMS, "stock items oversold or not adding up"),
                paidEqualsCaptured(clientCheckouts > 0),
                zero("reservations consistent", INCONSISTENT_RESERVATIONS, "SKUs whose reserved count differs from their RESERVED lines"),
                checkoutsMatch(runStart, clientCheckouts));
    }

    private Check zero(String name, String sql, String what) {
        try {
            long n = count(sql);
            return Check.of(name, n == 0, n + " " + what);
        } catch (SQLException e) {
            return failure(name, e);
        }
    }

    /** Captures happen asynchronously after approval, so this waits up to SETTLE for them to catch up. */
    private Check paidEqualsCaptured(boolean waitForCaptures) throws InterruptedException {
        String name = "paid checkouts = captured payments";
        long giveUp = System.nanoTime() + (waitForCaptures ? SETTLE.toNanos() : 0);
        try {
            while (true) {
                long paid = count(PAID_CHECKOUTS);
                long captured = count(CAPTURED_PAYMENTS);
                String detail = paid + " checkouts paid, " + captured + " payments captured";
                if (paid == captured || System.nanoTime() >= giveUp) {
                    return Check.of(name, paid == captured, detail);
                }
                Log.step("  waiting for asynchronous captures: %s", detail);
                Thread.sleep(1000); // captures arrive by callback after the load; bounded by giveUp above
            }
        } catch (SQLException e) {
            return failure(name, e);
        }
    }

    private Check checkoutsMatch(OffsetDateTime runStart, long clientCheckouts) {
        String name = "client 201 checkouts = checkouts in the database";
        try (Connection c = readOnly(); PreparedStatement s = c.prepareStatement(CHECKOUTS_SINCE)) {
            s.setObject(1, runStart);
            long stored = single(s.executeQuery());
            return Check.of(name, stored == clientCheckouts,
                    clientCheckouts + " seen by the tool, " + stored + " created in the database since " + runStart);
        } catch (SQLException e) {
            return failure(name, e);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = readOnly(); PreparedStatement s = c.prepareStatement(sql)) {
            return single(s.executeQuery());
        }
    }

    private Connection readOnly() throws SQLException {
        Connection c = jdbc.open();
        c.setReadOnly(true);
        return c;
    }

    private static long single(ResultSet rs) throws SQLException {
        try (rs) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Check failure(String name, SQLException e) {
        return MISSING.contains(e.getSQLState())
                ? Check.skipped(name, "not there yet: " + e.getMessage().lines().findFirst().orElse(""))
                : Check.fail(name, "query failed: " + e.getMessage());
    }
}
