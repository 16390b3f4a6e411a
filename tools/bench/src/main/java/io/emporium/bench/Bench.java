package io.emporium.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmarks a running Emporium: the database's own rates, the platform's limit on a trivial endpoint,
 * an open-loop load of one scenario, then invariant checks on the data. Exit code 0 when every check
 * passed (or was skipped), 1 when one failed, 2 when the run could not be made.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(Options.parse(Arrays.asList(args)), String.join(" ", args));
        } catch (Options.UsageException e) {
            System.err.println("bench: " + e.getMessage() + "\n\n" + Options.USAGE);
            status = 2;
        } catch (Exception e) {
            System.err.println("bench: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    private static int run(Options options, String arguments) throws Exception {
        Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Machine machine = Machine.describe();
        Log.step("Machine: %s", machine);
        if (options.scenario().equals("lock")) {
            report(LockBench.run(Target.zooKeeper(options), options.duration(), options.warmup(), machine, date,
                    "java -jar tools/bench/target/bench.jar " + arguments), options);
            return 0;
        }
        Target target = Target.resolve(options);
        Log.step("Platform at %s, database %s", target.http(), target.jdbc() == null ? "unknown (no jdbc.url)" : target.jdbc().url());
        Api api = reachable(new Api(target.http()), target);

        boolean measureDb = !options.skipDb() && target.jdbc() != null;
        if (!measureDb) {
            Log.step("Database measurements skipped");
        }
        Double tpcb = measureDb ? TpcbBench.run(target.jdbc()) : null;
        Double hotRow = measureDb ? HotRowBench.run(target.jdbc()) : null;

        Checkout checkout = new Checkout(api);
        Scenario scenario = scenario(options, api, checkout, target);
        scenario.prepare();
        OffsetDateTime runStart = target.jdbc() == null ? null : target.jdbc().now();
        OpenLoop.Result load = new OpenLoop(scenario, options.rate(), options.warmup(), options.duration()).run();
        String platformMemory = Machine.residentMemory(target.pid());
        double trivialRps = ClosedLoopBurst.run(api);

        List<Check> checks = new ArrayList<>(scenario.checks()); // first: they may wait for asynchronous work
        if (target.jdbc() == null) {
            Log.step("No database URL: invariant checks skipped");
        } else {
            checks.addAll(new Invariants(target.jdbc()).check(runStart, checkout.created() + scenario.asyncCheckouts()));
        }

        Summary summary = new Summary(options, "java -jar tools/bench/target/bench.jar " + arguments, date, machine,
                target, load, tpcb, hotRow, trivialRps, platformMemory, checks);
        report(summary.markdown(), options);
        return summary.anyFailed() ? 1 : 0;
    }

    private static Api reachable(Api api, Target target) {
        try {
            api.get("liveness", BaselineScenario.LIVENESS, null);
            return api;
        } catch (ApiException e) {
            throw new IllegalStateException("the platform at " + target.http() + " does not answer: " + e.getMessage(), e);
        }
    }

    private static Scenario scenario(Options options, Api api, Checkout checkout, Target target) {
        return switch (options.scenario()) {
            case "shop" -> new ShopScenario(api, checkout, options.users());
            case "checkout" -> new CheckoutScenario(api, checkout, options.users());
            case "hot-sku" -> new HotSkuScenario(api, target.jdbc(), options.users(), options.stock());
            default -> new BaselineScenario(api);
        };
    }

    private static void report(String markdown, Options options) throws IOException {
        System.out.println(markdown);
        if (options.report() != null) {
            Files.writeString(options.report(), markdown, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Log.step("Report appended to %s", options.report());
        }
    }
}
