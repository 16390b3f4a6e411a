package io.emporium.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command line, parsed and checked. */
record Options(String scenario, double rate, Duration duration, Duration warmup, Path data, String url,
               int users, int stock, String jdbcUrl, String jdbcUser, Path report, boolean skipDb) {

    static final String USAGE = """
            usage: java -jar bench.jar --scenario checkout|shop|hot-sku|baseline|lock --rate N --data DIR [options]
              --scenario S        checkout, shop, hot-sku, baseline or lock
              --rate N            target rate of scheduled actions per second (open loop)
              --duration D        measured period (default 60s; units ms, s, m)
              --warmup D          warm-up before it, excluded from the statistics (default 10s)
              --data DIR          the platform's data directory (runtime.properties, emporium.pid)
              --url URL           platform HTTP URL (default: http.url from runtime.properties)
              --jdbc-url URL      PostgreSQL JDBC URL (default: jdbc.url from runtime.properties)
              --jdbc-user USER    database user (default: jdbc.user from runtime.properties)
              --users N           customer accounts used by checkout, shop and hot-sku (default 50)
              --stock N           units of the hot SKU (hot-sku; default 100)
              --report FILE       also append the report as Markdown to FILE
              --skip-db           skip the TPC-B-like and single-row database measurements
            """;

    private static final Set<String> SCENARIOS = Set.of("checkout", "shop", "hot-sku", "baseline", "lock");
    private static final Set<String> VALUED = Set.of("--scenario", "--rate", "--duration", "--warmup", "--data",
            "--url", "--jdbc-url", "--jdbc-user", "--users", "--stock", "--report");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static Options parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        boolean skipDb = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--skip-db")) {
                skipDb = true;
            } else if (VALUED.contains(flag) && i + 1 < args.size()) {
                values.put(flag, args.get(++i));
            } else {
                throw new UsageException(VALUED.contains(flag) ? flag + " needs a value" : "unknown argument " + flag);
            }
        }
        String scenario = required(values, "--scenario");
        if (!SCENARIOS.contains(scenario)) {
            throw new UsageException("unknown scenario " + scenario);
        }
        // the lock scenario is closed-loop: as fast as ZooKeeper answers, so it takes no rate
        double rate = scenario.equals("lock") ? 1 : number(required(values, "--rate"), "--rate");
        Duration duration = duration(values.getOrDefault("--duration", "60s"), "--duration");
        Duration warmup = duration(values.getOrDefault("--warmup", "10s"), "--warmup");
        int users = (int) number(values.getOrDefault("--users", "50"), "--users");
        int stock = (int) number(values.getOrDefault("--stock", "100"), "--stock");
        if (rate <= 0 || duration.isZero() || users < 1 || stock < 1) {
            throw new UsageException("--rate, --duration, --users and --stock must be positive");
        }
        String report = values.get("--report");
        return new Options(scenario, rate, duration, warmup, Path.of(required(values, "--data")),
                values.get("--url"), users, stock, values.get("--jdbc-url"), values.get("--jdbc-user"),
                report == null ? null : Path.of(report), skipDb);
    }

    static Duration duration(String text, String flag) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new UsageException(flag + " must look like 500ms, 15s or 2m, not " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static String required(Map<String, String> values, String flag) {
        String value = values.get(flag);
        if (value == null) {
            throw new UsageException(flag + " is required");
        }
        return value;
    }

    private static double number(String text, String flag) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a number, not " + text);
        }
    }
}
