package io.emporium.system;

import static io.emporium.system.GatewayRequestCrashTest.first;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./emporium cluster} as a user runs it: {@code up} brings up a ZooKeeper ensemble, a Kafka KRaft quorum, the
 * four service groups (the defaults, with {@code order} in a second group too) on the first group's embedded PostgreSQL, and the gateway; {@code status} shows them
 * healthy with a leader for each service's election; a checkout through the gateway is paid; the payment group is
 * killed ({@code kill -9}) with a checkout waiting to be paid, the approval is refused while it is down, and after
 * {@code restart} the checkout is paid; the ZooKeeper ensemble's leader is killed with a checkout waiting, and
 * within the session timeout + 5 s the checkout is paid and every election led again, never by two groups at
 * once ({@code order} runs in two groups, so its election has two participants); the order group that leads is
 * frozen with SIGSTOP past its session, the other takes over, and after SIGCONT the frozen one does not lead with
 * its old token; {@code down} leaves no process
 * and no process-id or lock file behind.
 * Ports are moved by {@code EMPORIUM_CLUSTER_PORT_OFFSET} so as not to meet a cluster the user runs.
 */
class ClusterCommandTest {

    private static final int OFFSET = 10_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String GATEWAY = "http://127.0.0.1:" + (8080 + OFFSET);

    @TempDir
    Path tmp;

    record Run(int exit, String output) {
    }

    Run cluster(Duration within, String... args) {
        try {
            Path root = Path.of(System.getProperty("emporium.jar")).toAbsolutePath().normalize().getParent().getParent().getParent()
                    .getParent();
            Path log = Files.createTempFile(tmp, "cluster-", ".out");
            List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("emporium").toString(), "cluster"));
            command.addAll(List.of(args));
            command.addAll(List.of("--data", tmp.resolve("cluster").toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("EMPORIUM_SKIP_BUILD", "1");
            builder.environment().put("EMPORIUM_CLUSTER_PORT_OFFSET", Integer.toString(OFFSET));
            builder.environment().put("JAVA_HOME", Path.of(ProcessHandle.current().info().command().orElseThrow())
                    .getParent().getParent().toString());
            Process process = builder.start();
            if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("cluster " + String.join(" ", args) + " did not end within " + within + ":\n"
                        + Files.readString(log));
            }
            return new Run(process.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> send(String method, String path, String json, String token, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A checkout of one unit of a SKU in stock, placed through the gateway; returns its order and payment ids. */
    static String[] checkout(String token) {
        String products = send("GET", "/api/catalog/products?size=50", null, null, null).body();
        String product = first("\"id\":\"(prd_[0-9a-f]+)\"", products);
        String sku = first("\"id\":\"(sku_[0-9a-f]+)\"", send("GET", "/api/catalog/products/" + product, null, null, null).body());
        HttpResponse<String> added = send("POST", "/api/cart/lines", "{\"skuId\":\"" + sku + "\",\"quantity\":1}", token, null);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        String key = "cluster-" + UUID.randomUUID();
        HttpResponse<String> placed = await("checkout placed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> send("POST", "/api/orders/checkouts", """
                        {"shippingAddress": {"name": "Alice Demo", "phone": "+86 138 0000 1234", "line1": "1 Century Avenue",
                         "city": "Shanghai", "postalCode": "200120", "country": "CN"}}""", token, key), r -> r.statusCode() == 201);
        return new String[] {first("\"(ord_[0-9a-f]+)\"", placed.body()), first("\"(pay_[0-9a-f]+)\"", placed.body())};
    }

    static void awaitPaid(String order, String token) {
        await("order " + order + " PAID").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> send("GET", "/api/orders/" + order, null, token, null).body().contains("\"status\":\"PAID\""));
    }

    private static final Duration FAILOVER = Duration.ofSeconds(15 + 5); // the ZooKeeper session timeout + 5 s
    private static final Pattern ELECTION = Pattern.compile(
            "\\{\"group\":\"([^\"]+)\",\"leader\":(?:\"[^\"]*\"|null),\"participants\":\\[[^\\]]*\\],\"self\":\"[^\"]*\",\"token\":(\\d+)\\}");

    /**
     * Per group, the elections it believes it leads and their fencing tokens (its admin view of its own elections;
     * a token is there only while the process holds the leadership). A group that does not answer (its ZooKeeper
     * connection is being re-established) is absent.
     */
    static Map<String, Map<String, Long>> held(String adminToken) {
        Map<String, Map<String, Long>> held = new TreeMap<>();
        for (int group = 1; group <= 4; group++) {
            Map<String, Long> elections = heldBy(group, adminToken);
            if (elections != null) {
                held.put("group" + group, elections);
            }
        }
        return held;
    }

    static Map<String, Long> heldBy(int group, String adminToken) {
        try {
            HttpResponse<String> view = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (8080 + group + OFFSET)
                    + "/api/admin/coordination")).timeout(Duration.ofSeconds(2)).header("Authorization", "Bearer " + adminToken)
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (view.statusCode() != 200) {
                return null;
            }
            Map<String, Long> elections = new TreeMap<>();
            Matcher m = ELECTION.matcher(view.body());
            while (m.find()) {
                if (Long.parseLong(m.group(2)) > 0) {
                    elections.put(m.group(1), Long.parseLong(m.group(2)));
                }
            }
            return elections;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Watches for two leaders at once: each round reads the four groups in order, then again in the same order. A
     * group that reports the same token for an election in both its reads held it all the time between them (a new
     * leadership always has a new latch node, so a new token); another group reporting a token for that election
     * in a read between those two is a second leader at the same time.
     */
    static final class TwoLeadersWatch implements AutoCloseable {
        private final String adminToken;
        private final List<String> overlaps = new CopyOnWriteArrayList<>();
        private final AtomicInteger rounds = new AtomicInteger();
        private final Thread thread;
        private volatile boolean running = true;

        TwoLeadersWatch(String adminToken) {
            this.adminToken = adminToken;
            this.thread = Thread.ofPlatform().daemon().name("two-leaders-watch").start(this::watch);
        }

        private void watch() {
            while (running) {
                List<Map<String, Long>> reads = new java.util.ArrayList<>();
                for (int pass = 0; pass < 2; pass++) {
                    for (int group = 1; group <= 4; group++) {
                        reads.add(heldBy(group, adminToken));
                    }
                }
                for (int x = 0; x < 4; x++) {
                    Map<String, Long> first = reads.get(x);
                    Map<String, Long> second = reads.get(4 + x);
                    if (first == null || second == null) {
                        continue;
                    }
                    for (var election : first.entrySet()) {
                        if (!election.getValue().equals(second.get(election.getKey()))) {
                            continue;
                        }
                        for (int y = 0; y < 4; y++) {
                            Map<String, Long> between = y > x ? reads.get(y) : y < x ? reads.get(4 + y) : null;
                            if (between != null && between.containsKey(election.getKey())) {
                                overlaps.add(election.getKey() + ": group" + (x + 1) + " (token " + election.getValue()
                                        + ") and group" + (y + 1) + " (token " + between.get(election.getKey()) + ")");
                            }
                        }
                    }
                }
                rounds.incrementAndGet();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(Duration.ofSeconds(20));
        }
    }

    /**
     * Fault 3: the ensemble's leader is killed with a checkout waiting for its payment. Within the session timeout
     * + 5 s the payment is captured and the order PAID (both services' relays led again), every service's election
     * has exactly one leader, and a leadership that moved has a higher fencing token; at no time did two groups
     * lead one election. The killed server then rejoins.
     */
    void zooKeeperLeaderKilledWithACheckoutWaiting(String token) throws Exception {
        String admin = first("\"accessToken\"\\s*:\\s*\"([^\"]+)\"", send("POST", "/api/identity/tokens",
                "{\"email\":\"admin@demo.emporium\",\"password\":\"demo-pass-1\"}", null, null).body());
        Map<String, Map<String, Long>> before = held(admin);
        assertThat(oneLeaderEach(before)).as("every group answers, one leader per election: " + before).isTrue();
        Run status = cluster(Duration.ofMinutes(2), "status");
        String zooKeeperLeader = first("(?m)^(zookeeper\\d) +\\d+ +leader ", status.output());
        String[] waiting = checkout(token);

        Instant deadline;
        try (TwoLeadersWatch watch = new TwoLeadersWatch(admin)) {
            await("the watch running").atMost(Duration.ofSeconds(30)).until(() -> watch.rounds.get() >= 1);
            Run killed = cluster(Duration.ofMinutes(1), "kill", zooKeeperLeader);
            deadline = Instant.now().plus(FAILOVER);
            assertThat(killed.exit()).as(killed.output()).isZero();
            await("approval accepted").atMost(remaining(deadline)).pollInterval(Duration.ofMillis(250))
                    .until(() -> send("POST", "/api/payments/" + waiting[1] + "/sandbox/approve", null, token, null),
                            r -> r.statusCode() == 202);
            await("order " + waiting[0] + " PAID within " + FAILOVER + " of the kill").atMost(remaining(deadline))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> send("GET", "/api/orders/" + waiting[0], null, token, null).body().contains("\"status\":\"PAID\""));
            long paidAfter = Duration.between(deadline.minus(FAILOVER), Instant.now()).toMillis();
            Map<String, Map<String, Long>> after = await("one leader per election").atMost(remaining(deadline))
                    .pollInterval(Duration.ofMillis(250)).until(() -> held(admin), ClusterCommandTest::oneLeaderEach);
            System.out.printf("ZooKeeper leader %s killed: checkout paid %d ms after the kill, every election led %d ms after;"
                    + " leaders and tokens before %s, after %s%n", zooKeeperLeader, paidAfter,
                    Duration.between(deadline.minus(FAILOVER), Instant.now()).toMillis(), before, after);
            for (String election : List.of("jobs/orders", "jobs/payment", "jobs/inventory", "jobs/promotion")) {
                String was = leaderOf(election, before);
                String is = leaderOf(election, after);
                assertThat(is).as(election + " led after the kill: " + after).isNotNull();
                if (!is.equals(was) || !before.get(was).get(election).equals(after.get(is).get(election))) {
                    assertThat(after.get(is).get(election)).as(election + ": a new leadership has a higher token")
                            .isGreaterThan(before.get(was).get(election));
                }
            }
            // the watch's rounds take as long as the machine makes them: wait for two more, so that it has seen the end
            int rounds = watch.rounds.get();
            await("the watch past the fail-over").atMost(Duration.ofSeconds(30)).until(() -> watch.rounds.get() >= rounds + 2);
            watch.close();
            assertThat(watch.overlaps).as("two leaders of one election at once").isEmpty();
        }

        Run restarted = cluster(Duration.ofMinutes(2), "restart", zooKeeperLeader);
        assertThat(restarted.exit()).as(restarted.output()).isZero();
        await("the killed server back in the ensemble").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> cluster(Duration.ofMinutes(2), "status").output(),
                        out -> Pattern.compile("(?m)^zookeeper\\d +\\d+ +(leader|follower) ").matcher(out).results().count() == 3);
    }

    /**
     * Fault 5: the process that leads order's election is frozen (SIGSTOP) past its ZooKeeper session timeout. The
     * other order process takes the leadership with a higher fencing token within the session timeout + 5 s; once
     * resumed (SIGCONT), the frozen one finds its session expired and does not lead with its old token (a write with
     * it would be refused by the fence: {@code PausedHolderFaultTest}, {@code LeadershipFailoverFaultTest}); it
     * takes traffic again, and a checkout is paid.
     */
    void orderLeaderPausedPastItsSession(String token, Path data) throws Exception {
        String admin = first("\"accessToken\"\\s*:\\s*\"([^\"]+)\"", send("POST", "/api/identity/tokens",
                "{\"email\":\"admin@demo.emporium\",\"password\":\"demo-pass-1\"}", null, null).body());
        Map<String, Map<String, Long>> before = await("one leader per election").atMost(Duration.ofSeconds(30))
                .until(() -> held(admin), ClusterCommandTest::oneLeaderEach);
        String frozen = leaderOf("jobs/orders", before);
        assertThat(frozen).isIn("group2", "group3");
        String other = frozen.equals("group2") ? "group3" : "group2";
        long oldToken = before.get(frozen).get("jobs/orders");
        String pid = Files.readString(data.resolve("run/" + frozen + ".pid")).trim();

        signal("STOP", pid);
        Instant deadline = Instant.now().plus(FAILOVER);
        long taken;
        try {
            taken = await(other + " leads order's election with a higher token within " + FAILOVER)
                    .atMost(remaining(deadline)).pollInterval(Duration.ofMillis(250))
                    .until(() -> heldBy(Integer.parseInt(other.substring("group".length())), admin),
                            e -> e != null && e.getOrDefault("jobs/orders", 0L) > oldToken)
                    .get("jobs/orders");
            System.out.printf("%s (leader of jobs/orders, token %d) frozen: %s leads with token %d%n", frozen, oldToken, other, taken);
        } finally {
            signal("CONT", pid);
        }
        Map<String, Map<String, Long>> after = await("the resumed process answers, one leader per election")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> held(admin), ClusterCommandTest::oneLeaderEach);
        Long resumedToken = after.get(frozen).get("jobs/orders");
        assertThat(resumedToken == null || resumedToken > taken)
                .as("the resumed process does not lead with its old token " + oldToken + " (only, if at all, with a newer one"
                        + " than " + other + "'s " + taken + "): " + after).isTrue();
        await("the resumed process ready again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> cluster(Duration.ofMinutes(2), "status").output(),
                        out -> Pattern.compile("(?m)^" + frozen + " +\\d+ +ready ").matcher(out).find());

        String[] paid = checkout(token);
        await("approval accepted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> send("POST", "/api/payments/" + paid[1] + "/sandbox/approve", null, token, null).statusCode() == 202);
        awaitPaid(paid[0], token);
    }

    static void signal(String signal, String pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal + " " + pid).isTrue();
    }

    static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ofMillis(1) : left;
    }

    /** Every election is held by exactly one group. */
    static boolean oneLeaderEach(Map<String, Map<String, Long>> held) {
        if (held.size() != 4) {
            return false;
        }
        for (String election : List.of("jobs/orders", "jobs/payment", "jobs/inventory", "jobs/promotion")) {
            if (held.values().stream().filter(e -> e.containsKey(election)).count() != 1) {
                return false;
            }
        }
        return true;
    }

    static String leaderOf(String election, Map<String, Map<String, Long>> held) {
        return held.entrySet().stream().filter(e -> e.getValue().containsKey(election)).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }

    @Test
    void up_status_a_paid_checkout_a_killed_and_restarted_payment_process_and_down() throws Exception {
        Path data = tmp.resolve("cluster");
        try {
            // order runs in two processes: two participants in its election, its consumer group and the gateway's round robin
            Run up = cluster(Duration.ofMinutes(10), "up", "--groups", "identity,catalog,inventory,storefront;cart,promotion,order;order;payment");
            assertThat(up.exit()).as(up.output()).isZero();
            assertThat(up.output()).contains("Starting a 3-server ZooKeeper ensemble", "Starting a 3-node Kafka KRaft quorum",
                    "Starting group2: cart,promotion,order", "Starting group4: payment", "Ready: the storefront and the API at");

            Run status = cluster(Duration.ofMinutes(2), "status");
            assertThat(status.exit()).as(status.output()).isZero();
            for (String ready : List.of("group1", "group2", "group3", "group4", "gateway")) {
                assertThat(status.output()).as(status.output()).containsPattern("(?m)^" + ready + " +\\d+ +ready ");
            }
            assertThat(status.output()).containsPattern("(?m)^zookeeper\\d +\\d+ +leader ")
                    .containsPattern("(?m)^kafka1 +\\d+ +up ");
            for (String election : List.of("jobs/orders +group[23]", "jobs/payment +group4", "jobs/inventory +group1",
                    "jobs/promotion +group2")) {
                assertThat(status.output()).as(status.output()).containsPattern(election);
            }

            String token = first("\"accessToken\"\\s*:\\s*\"([^\"]+)\"", send("POST", "/api/identity/tokens",
                    "{\"email\":\"alice@demo.emporium\",\"password\":\"demo-pass-1\"}", null, null).body());
            String[] paid = checkout(token);
            assertThat(send("POST", "/api/payments/" + paid[1] + "/sandbox/approve", null, token, null).statusCode()).isEqualTo(202);
            awaitPaid(paid[0], token);

            String[] waiting = checkout(token);
            Run killed = cluster(Duration.ofMinutes(1), "kill", "group4");
            assertThat(killed.exit()).as(killed.output()).isZero();
            HttpResponse<String> refused = send("POST", "/api/payments/" + waiting[1] + "/sandbox/approve", null, token, null);
            assertThat(refused.statusCode()).as("payment is down: " + refused.body()).isIn(502, 503);
            assertThat(send("GET", "/api/orders/" + waiting[0], null, token, null).body()).contains("\"status\":\"PENDING_PAYMENT\"");

            Run restarted = cluster(Duration.ofMinutes(5), "restart", "group4");
            assertThat(restarted.exit()).as(restarted.output()).isZero();
            HttpResponse<String> approved = await("approval accepted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> send("POST", "/api/payments/" + waiting[1] + "/sandbox/approve", null, token, null),
                            r -> r.statusCode() == 202);
            assertThat(approved.body()).isNotBlank();
            awaitPaid(waiting[0], token);

            zooKeeperLeaderKilledWithACheckoutWaiting(token);
            orderLeaderPausedPastItsSession(token, data);
        } finally {
            Run down = cluster(Duration.ofMinutes(5), "down");
            assertThat(down.exit()).as(down.output()).isZero();
        }
        try (Stream<Path> files = Files.walk(data)) {
            assertThat(files.filter(f -> f.getFileName().toString().matches(".*\\.pid|emporium\\.lock")).toList())
                    .as("no process-id or lock file left").isEmpty();
        }
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(data.toString())).toList())
                .as("no process of the cluster left").isEmpty();
    }
}
