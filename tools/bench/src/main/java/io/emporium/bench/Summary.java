package io.emporium.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Everything a run found, rendered as a Markdown section. tpcbTps and hotRowUpdates are null when the
 * database was not measured.
 */
record Summary(Options options, String commandLine, Instant date, Machine machine, Target target,
               OpenLoop.Result load, Double tpcbTps, Double hotRowUpdates, double trivialRps,
               String platformMemory, List<Check> checks) {

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("\n## Benchmark: ").append(options.scenario()).append(" at ").append(number(options.rate()))
                .append("/s, ").append(date).append("\n\n");
        md.append("- Machine: ").append(machine).append('\n');
        md.append("- Command: `").append(commandLine).append("`\n");
        md.append("- Platform: ").append(target.http()).append(", RSS after the load ").append(platformMemory).append('\n');
        md.append("- Measured ").append(options.duration().toSeconds()).append(" s after ")
                .append(options.warmup().toSeconds()).append(" s of warm-up\n\n");
        load(md);
        latency(md);
        outcomes(md, "Errors", "error", ActionStats::errorsByKind);
        outcomes(md, "Expected refusals (not errors)", "answer", ActionStats::expectedByKind);
        capacity(md);
        invariants(md);
        return md.toString();
    }

    boolean anyFailed() {
        return checks.stream().anyMatch(check -> check.result() == Check.Result.FAIL);
    }

    private void load(StringBuilder md) {
        ActionStats all = load.stats().overall();
        double seconds = load.duration().toMillis() / 1000.0;
        md.append("### Load (open loop)\n\n");
        table(md, List.of("target rate/s", "achieved rate/s", "scheduled", "completed", "ok", "expected", "errors", "max start lag ms"),
                List.of(List.of(number(options.rate()), number((all.ok() + all.expected()) / seconds),
                        Long.toString(load.scheduled()), Long.toString(all.completed()), Long.toString(all.ok()),
                        Long.toString(all.expected()), Long.toString(all.errors()),
                        number(load.maxStartLag().toNanos() / 1e6))));
    }

    private void latency(StringBuilder md) {
        md.append("### Latency in ms, from the intended send time (errors excluded)\n\n");
        List<List<String>> rows = new ArrayList<>();
        load.stats().byAction().forEach((name, stats) -> rows.add(latencyRow(name, stats)));
        rows.add(latencyRow("**overall**", load.stats().overall()));
        table(md, List.of("action", "count", "p50", "p90", "p99", "max"), rows);
    }

    private static List<String> latencyRow(String name, ActionStats stats) {
        if (stats.latencyCount() == 0) {
            return List.of(name, "0", "-", "-", "-", "-");
        }
        return List.of(name, Long.toString(stats.latencyCount()), number(stats.percentileMillis(50)),
                number(stats.percentileMillis(90)), number(stats.percentileMillis(99)), number(stats.maxMillis()));
    }

    private void outcomes(StringBuilder md, String title, String column,
                          Function<ActionStats, Map<String, LongAdder>> kinds) {
        List<List<String>> rows = new ArrayList<>();
        load.stats().byAction().forEach((name, stats) -> kinds.apply(stats)
                .forEach((kind, count) -> rows.add(List.of(name, kind, Long.toString(count.sum())))));
        if (!rows.isEmpty()) {
            md.append("### ").append(title).append("\n\n");
            table(md, List.of("action", column, "count"), rows);
        }
    }

    private void capacity(StringBuilder md) {
        md.append("### Capacity\n\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("database TPC-B-like, " + TpcbBench.CLIENTS + " clients, " + TpcbBench.DURATION.toSeconds() + " s",
                measured(tpcbTps, "tps")));
        rows.add(List.of("database single-row conditional UPDATE, 1 client, " + HotRowBench.DURATION.toSeconds() + " s",
                measured(hotRowUpdates, "updates/s")));
        rows.add(List.of("platform trivial endpoint, " + ClosedLoopBurst.CLIENTS + " closed-loop clients, "
                + ClosedLoopBurst.DURATION.toSeconds() + " s", number(trivialRps) + " requests/s"));
        switch (options.scenario()) {
            case "shop", "checkout" -> {
                double perSecond = load.stats().action("checkout").ok() / (load.duration().toMillis() / 1000.0);
                rows.add(List.of("checkouts with payment", number(perSecond) + "/s"));
                rows.add(List.of("checkouts with payment / TPC-B-like tps", ratio(perSecond, tpcbTps)));
            }
            case "hot-sku" -> {
                double perSecond = hotSkuPurchaseRate();
                rows.add(List.of("hot-SKU purchases (until the last success)", number(perSecond) + "/s"));
                rows.add(List.of("hot-SKU purchases / single-row updates", ratio(perSecond, hotRowUpdates)));
            }
            default -> {
            }
        }
        table(md, List.of("measurement", "value"), rows);
    }

    /** Successful purchases per second between the start of the measured period and the last success. */
    private double hotSkuPurchaseRate() {
        ActionStats purchases = load.stats().action("purchase");
        if (purchases.ok() == 0) {
            return 0;
        }
        return purchases.ok() / ((purchases.lastOkAt() - load.measureStart()) / (double) TimeUnit.SECONDS.toNanos(1));
    }

    private void invariants(StringBuilder md) {
        md.append("### Invariants\n\n");
        table(md, List.of("check", "result", "detail"), checks.stream()
                .map(check -> List.of(check.name(), check.result().name(), check.detail())).toList());
    }

    private static String measured(Double value, String unit) {
        return value == null ? "skipped" : number(value) + " " + unit;
    }

    private static String ratio(double perSecond, Double yardstick) {
        return yardstick == null || yardstick == 0 ? "n/a (database not measured)"
                : String.format(Locale.ROOT, "%.4f", perSecond / yardstick);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }

    private static void table(StringBuilder md, List<String> header, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", header)).append(" |\n");
        md.append("|").append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row.stream().map(cell -> cell.replace("|", "\\|")).toList())).append(" |\n");
        }
        md.append('\n');
    }
}
