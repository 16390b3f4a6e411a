package io.emporium.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * One client decrementing one row with a conditional UPDATE in autocommit, as a flash sale's stock
 * counter would be: the ceiling for selling a single hot SKU, whatever the platform does around it.
 */
final class HotRowBench {

    static final Duration DURATION = Duration.ofSeconds(10);
    private static final long FULL = 1_000_000;

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS bench.hot (id int PRIMARY KEY, n bigint NOT NULL)";
    private static final String RESET =
            "INSERT INTO bench.hot VALUES (1, " + FULL + ") ON CONFLICT (id) DO UPDATE SET n = excluded.n";
    private static final String TAKE_ONE = "UPDATE bench.hot SET n = n - 1 WHERE id = 1 AND n > 0";
    private static final String REFILL = "UPDATE bench.hot SET n = " + FULL + " WHERE id = 1";

    private HotRowBench() {
    }

    /** Successful single-row updates per second, one client, for DURATION. */
    static double run(Jdbc jdbc) throws SQLException {
        Log.step("Database: single-row conditional UPDATE, 1 client for %ss", DURATION.toSeconds());
        try (Connection c = jdbc.open(); Statement s = c.createStatement();
             PreparedStatement takeOne = c.prepareStatement(TAKE_ONE)) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench");
            s.execute(CREATE);
            s.execute(RESET);
            long updates = 0;
            long start = System.nanoTime();
            long deadline = start + DURATION.toNanos();
            while (System.nanoTime() < deadline) {
                if (takeOne.executeUpdate() == 1) {
                    updates++;
                } else {
                    s.execute(REFILL);
                }
            }
            return updates / ((System.nanoTime() - start) / 1e9);
        }
    }
}
