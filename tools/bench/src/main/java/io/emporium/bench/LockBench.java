package io.emporium.bench;

import io.emporium.coordination.DistributedLock;
import io.emporium.coordination.DistributedLocks;
import io.emporium.coordination.LeadershipGate;
import io.emporium.coordination.LockHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * The lock scenario: acquire+release of one uncontended lock, in a closed loop, with Curator's
 * bare InterProcessMutex and with our DistributedLock (token, lease timer, connection listener),
 * alternated A B A B on the platform's ZooKeeper; then leader failover time of LeadershipGate,
 * for a leader that closes (graceful) and one whose session expires (a crash).
 */
final class LockBench {

    private static final Duration FAILOVER_SESSION = Duration.ofSeconds(4);
    private static final int FAILOVER_ROUNDS = 5;

    private LockBench() {
    }

    interface Cycle {
        void once() throws Exception;
    }

    record Result(String name, long count, double perSecond, Histogram latency) {
    }

    static String run(String connect, Duration duration, Duration warmup, Machine machine, Instant date, String command)
            throws Exception {
        CuratorFramework client = client(connect, Duration.ofSeconds(15));
        try (DistributedLocks locks = new DistributedLocks(client, "bench", Duration.ofMinutes(1), Clock.systemUTC())) {
            String resource = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            InterProcessMutex bare = new InterProcessMutex(client, "/locks/" + resource + "-bare");
            DistributedLock ours = locks.lock(resource);
            Cycle bareCycle = () -> {
                bare.acquire();
                bare.release();
            };
            Cycle ourCycle = () -> {
                try (LockHandle handle = ours.acquire(Duration.ofSeconds(10)).orElseThrow()) {
                    handle.requireValid();
                }
            };
            Duration half = duration.dividedBy(2);
            Log.step("Warming up both locks for %s", warmup);
            measure("warm-up", bareCycle, warmup.dividedBy(2));
            measure("warm-up", ourCycle, warmup.dividedBy(2));
            List<Result> bareRuns = new ArrayList<>();
            List<Result> ourRuns = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                Log.step("Round %d: Curator's bare mutex for %s, then ours", round + 1, half.dividedBy(2));
                bareRuns.add(measure("bare", bareCycle, half.dividedBy(2)));
                ourRuns.add(measure("ours", ourCycle, half.dividedBy(2)));
            }
            Result bareTotal = merge("Curator InterProcessMutex (bare)", bareRuns);
            Result ourTotal = merge("Emporium DistributedLock", ourRuns);

            Log.step("Measuring leader failover (%d rounds each, session timeout %s)", FAILOVER_ROUNDS, FAILOVER_SESSION);
            List<Double> graceful = failover(connect, false);
            List<Double> crash = failover(connect, true);
            return markdown(machine, date, command, connect, bareTotal, ourTotal, graceful, crash);
        } finally {
            client.close();
        }
    }

    private static Result measure(String name, Cycle cycle, Duration length) throws Exception {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        long end = System.nanoTime() + length.toNanos();
        long count = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            cycle.once();
            latency.recordValue(System.nanoTime() - t0);
            count++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(name, count, count / seconds, latency);
    }

    private static Result merge(String name, List<Result> runs) {
        Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        long count = 0;
        double rate = 0;
        for (Result r : runs) {
            all.add(r.latency());
            count += r.count();
            rate += r.perSecond();
        }
        return new Result(name, count, rate / runs.size(), all);
    }

    /**
     * Milliseconds from the leader's end until the follower leads: the leader closes its latch
     * (graceful), or its process is killed with SIGKILL and ZooKeeper must notice by session timeout (crash).
     */
    private static List<Double> failover(String connect, boolean crash) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int round = 0; round < FAILOVER_ROUNDS; round++) {
            String group = "bench-failover-" + UUID.randomUUID().toString().substring(0, 8);
            CuratorFramework b = client(connect, FAILOVER_SESSION);
            LeadershipGate second = new LeadershipGate(b, group, "b");
            Process child = null;
            CuratorFramework a = null;
            LeadershipGate first = null;
            try {
                if (crash) {
                    child = leaderProcess(connect, group);
                } else {
                    a = client(connect, FAILOVER_SESSION);
                    first = new LeadershipGate(a, group, "a");
                    first.start();
                    awaitLeader(first, Duration.ofSeconds(10));
                }
                second.start();
                long t0 = System.nanoTime();
                if (crash) {
                    child.destroyForcibly();
                } else {
                    first.close();
                }
                awaitLeader(second, FAILOVER_SESSION.plusSeconds(20));
                times.add((System.nanoTime() - t0) / 1e6);
            } finally {
                second.close();
                if (child != null) {
                    child.destroyForcibly().waitFor();
                }
                if (a != null) {
                    a.close();
                }
                b.close();
            }
        }
        return times;
    }

    /** A leader in another JVM (this jar, started through Spring Boot's PropertiesLauncher), leading when this returns. */
    private static Process leaderProcess(String connect, String group) throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Dloader.main=" + FailoverLeader.class.getName(), "-cp", System.getProperty("java.class.path"),
                "org.springframework.boot.loader.launch.PropertiesLauncher", connect, group,
                Long.toString(FAILOVER_SESSION.toMillis()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()));
        String line;
        do {
            line = out.readLine();
        } while (line != null && !line.equals("leading"));
        if (line == null) {
            throw new IllegalStateException("the leader process did not start");
        }
        return child;
    }

    private static void awaitLeader(LeadershipGate gate, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!gate.isLeader()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no leader within " + within);
            }
            Thread.sleep(2); // a benchmark's polling loop; the measured interval is far longer than the step
        }
    }

    private static CuratorFramework client(String connect, Duration session) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(connect)
                .sessionTimeoutMs((int) session.toMillis()).connectionTimeoutMs(5000)
                .retryPolicy(new ExponentialBackoffRetry(100, 10)).namespace("emporium").build();
        client.start();
        if (!client.blockUntilConnected(15, TimeUnit.SECONDS)) {
            throw new IllegalStateException("cannot reach ZooKeeper at " + connect);
        }
        return client;
    }

    private static String markdown(Machine machine, Instant date, String command, String connect, Result bare, Result ours,
            List<Double> graceful, List<Double> crash) {
        StringBuilder md = new StringBuilder();
        md.append("\n## Benchmark: lock, ").append(date).append("\n\n")
                .append("- Machine: ").append(machine).append('\n')
                .append("- Command: `").append(command).append("`\n")
                .append("- ZooKeeper: ").append(connect).append(" (the platform's)\n\n")
                .append("| lock | acquire+release | per second | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n");
        for (Result r : List.of(bare, ours)) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.2f |%n", r.name(), r.count(), r.perSecond(),
                    r.latency().getValueAtPercentile(50) / 1e6, r.latency().getValueAtPercentile(99) / 1e6,
                    r.latency().getMaxValue() / 1e6));
        }
        md.append(String.format(Locale.ROOT, "%nOur lock's cost over the bare recipe: %+.1f %% per acquire+release.%n%n",
                (bare.perSecond() / ours.perSecond() - 1) * 100));
        md.append("| leader failover (").append(FAILOVER_ROUNDS).append(" rounds, session timeout ")
                .append(FAILOVER_SESSION.toSeconds()).append(" s) | median ms | max ms |\n|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| leader closes (graceful) | %.0f | %.0f |%n", median(graceful), max(graceful)))
                .append(String.format(Locale.ROOT, "| leader's process killed with SIGKILL (crash) | %.0f | %.0f |%n", median(crash), max(crash)));
        return md.toString();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
