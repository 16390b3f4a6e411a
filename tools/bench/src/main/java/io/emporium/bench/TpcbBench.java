package io.emporium.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * pgbench's TPC-B-like transaction, over JDBC, against tables of scale 1 (1 branch, 10 tellers,
 * 100 000 accounts) in schema bench, rebuilt on every run. The database's own transaction rate is
 * the yardstick the platform's checkout rate is compared with.
 */
final class TpcbBench {

    static final int CLIENTS = 8;
    static final Duration DURATION = Duration.ofSeconds(15);
    private static final int ACCOUNTS = 100_000;
    private static final int TELLERS = 10;

    private static final List<String> SETUP = List.of(
            "CREATE SCHEMA IF NOT EXISTS bench",
            "DROP TABLE IF EXISTS bench.history, bench.accounts, bench.tellers, bench.branches",
            "CREATE TABLE bench.branches (bid int PRIMARY KEY, bbalance int NOT NULL, filler char(88))",
            "CREATE TABLE bench.tellers (tid int PRIMARY KEY, bid int NOT NULL, tbalance int NOT NULL, filler char(84))",
            "CREATE TABLE bench.accounts (aid int PRIMARY KEY, bid int NOT NULL, abalance int NOT NULL, filler char(84))",
            "CREATE TABLE bench.history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22))",
            "INSERT INTO bench.branches VALUES (1, 0, NULL)",
            "INSERT INTO bench.tellers SELECT t, 1, 0, NULL FROM generate_series(1, " + TELLERS + ") t",
            "INSERT INTO bench.accounts SELECT a, 1, 0, '' FROM generate_series(1, " + ACCOUNTS + ") a",
            "VACUUM ANALYZE bench.branches, bench.tellers, bench.accounts, bench.history");

    private static final String UPDATE_ACCOUNT = "UPDATE bench.accounts SET abalance = abalance + ? WHERE aid = ?";
    private static final String SELECT_BALANCE = "SELECT abalance FROM bench.accounts WHERE aid = ?";
    private static final String UPDATE_TELLER = "UPDATE bench.tellers SET tbalance = tbalance + ? WHERE tid = ?";
    private static final String UPDATE_BRANCH = "UPDATE bench.branches SET bbalance = bbalance + ? WHERE bid = ?";
    private static final String INSERT_HISTORY =
            "INSERT INTO bench.history (tid, bid, aid, delta, mtime) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)";

    private TpcbBench() {
    }

    /** Transactions per second over CLIENTS connections for DURATION. */
    static double run(Jdbc jdbc) throws SQLException, InterruptedException {
        Log.step("Database: creating pgbench-like tables in schema bench (%d accounts)", ACCOUNTS);
        try (Connection c = jdbc.open(); Statement s = c.createStatement()) {
            for (String sql : SETUP) {
                s.execute(sql);
            }
        }
        Log.step("Database: TPC-B-like transactions, %d clients for %ss", CLIENTS, DURATION.toSeconds());
        LongAdder committed = new LongAdder();
        LongAdder failed = new LongAdder();
        long start = System.nanoTime();
        long deadline = start + DURATION.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(Thread.ofPlatform().name("tpcb-" + i).start(() -> client(jdbc, deadline, committed, failed)));
        }
        for (Thread client : clients) {
            client.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.sum() > 0) {
            Log.step("Database: %d TPC-B-like transactions failed", failed.sum());
        }
        return committed.sum() / seconds;
    }

    private static void client(Jdbc jdbc, long deadline, LongAdder committed, LongAdder failed) {
        try (Connection c = jdbc.open();
             PreparedStatement updateAccount = c.prepareStatement(UPDATE_ACCOUNT);
             PreparedStatement selectBalance = c.prepareStatement(SELECT_BALANCE);
             PreparedStatement updateTeller = c.prepareStatement(UPDATE_TELLER);
             PreparedStatement updateBranch = c.prepareStatement(UPDATE_BRANCH);
             PreparedStatement insertHistory = c.prepareStatement(INSERT_HISTORY)) {
            c.setAutoCommit(false);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (System.nanoTime() < deadline) {
                int aid = random.nextInt(1, ACCOUNTS + 1);
                int tid = random.nextInt(1, TELLERS + 1);
                int delta = random.nextInt(-5000, 5001);
                try {
                    execute(updateAccount, delta, aid);
                    selectBalance.setInt(1, aid);
                    selectBalance.executeQuery().close();
                    execute(updateTeller, delta, tid);
                    execute(updateBranch, delta, 1);
                    execute(insertHistory, tid, 1, aid, delta);
                    c.commit();
                    committed.increment();
                } catch (SQLException e) {
                    c.rollback();
                    failed.increment();
                }
            }
        } catch (SQLException e) {
            Log.step("Database: a TPC-B-like client stopped: %s", e.getMessage());
        }
    }

    private static void execute(PreparedStatement statement, int... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setInt(i + 1, parameters[i]);
        }
        statement.executeUpdate();
    }
}
