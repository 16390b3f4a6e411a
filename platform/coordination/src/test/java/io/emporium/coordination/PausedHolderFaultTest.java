package io.emporium.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/** Fault 6: a holder frozen by SIGSTOP past its lease and session wakes up and writes: the fence refuses it. */
@org.junit.jupiter.api.Timeout(600) // a guard against a hang, not a speed limit
class PausedHolderFaultTest {

    @Test
    void a_holder_woken_after_its_lease_cannot_write() throws Exception {
        try (FencedStore store = new FencedStore(); TestingServer server = new TestingServer(true)) {
            store.jdbc.sql("INSERT INTO locktest.protected (resource, value) VALUES ('paused', 'initial')").update();
            String jdbcUrl = store.jdbc.sql("SELECT 'jdbc:postgresql://localhost:' || current_setting('port') || '/postgres?user=postgres'")
                    .query(String.class).single();
            Process child = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                    System.getProperty("java.class.path"), PausedHolder.class.getName(), server.getConnectString(), jdbcUrl))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter in = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
                String line;
                do {
                    line = out.readLine();
                } while (line != null && !line.startsWith("token "));
                assertThat(line).as("the child took the lock").isNotNull();
                long childToken = Long.parseLong(line.substring(6).trim());

                assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(child.pid())).start().waitFor()).isZero();

                CuratorFramework client = CuratorFrameworkFactory.builder().connectString(server.getConnectString())
                        .sessionTimeoutMs(10_000).retryPolicy(new RetryNTimes(50, 100)).namespace("emporium").build();
                client.start();
                assertThat(client.blockUntilConnected(60, TimeUnit.SECONDS)).isTrue();
                try (DistributedLocks locks = new DistributedLocks(client, "successor", Duration.ofMinutes(1), Clock.systemUTC())) {
                    LockHandle successor = locks.lock("paused").acquire(Duration.ofSeconds(120)).orElseThrow();
                    assertThat(successor.fencingToken()).isGreaterThan(childToken);
                    store.write(successor, "written by the successor");
                    successor.close();
                } finally {
                    client.close();
                }

                assertThat(new ProcessBuilder("kill", "-CONT", Long.toString(child.pid())).start().waitFor()).isZero();
                in.println("write");
                String verdict;
                do {
                    verdict = out.readLine(); // the child's own log lines come first
                } while (verdict != null && !verdict.equals("refused") && !verdict.equals("written"));
                assertThat(verdict).isEqualTo("refused");
                assertThat(store.value("paused")).isEqualTo("written by the successor");
            } finally {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
