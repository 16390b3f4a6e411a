package io.emporium.coordination;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

/**
 * A lock holder in its own JVM, driven over stdin/stdout by {@link PausedHolderFaultTest}: it takes
 * the lock, prints its token, waits for "write", then writes the token it holds through the fence
 * of the given database, without first asking whether it still holds the lock, exactly as a
 * process that was frozen between its check and its write would.
 */
public final class PausedHolder {

    public static void main(String[] args) throws Exception {
        String zk = args[0];
        String jdbcUrl = args[1];
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(zk).sessionTimeoutMs(3000)
                .connectionTimeoutMs(2000).retryPolicy(new RetryNTimes(50, 100)).namespace("emporium").build();
        client.start();
        client.blockUntilConnected(60, TimeUnit.SECONDS);
        try (DistributedLocks locks = new DistributedLocks(client, "paused-child", Duration.ofSeconds(2), Clock.systemUTC())) {
            LockHandle handle = locks.lock("paused").acquire(Duration.ofSeconds(60)).orElseThrow();
            System.out.println("token " + handle.fencingToken());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if ("write".equals(in.readLine())) {
                var ds = new org.springframework.jdbc.datasource.DriverManagerDataSource(jdbcUrl);
                var jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(ds);
                var tx = new org.springframework.transaction.support.TransactionTemplate(
                        new org.springframework.jdbc.datasource.DataSourceTransactionManager(ds));
                try {
                    tx.executeWithoutResult(s -> {
                        new Fence(jdbc).check(FencedStore.SCHEMA, "paused", handle.fencingToken());
                        jdbc.sql("UPDATE locktest.protected SET value = 'written by the paused holder' WHERE resource = 'paused'")
                                .update();
                    });
                    System.out.println("written");
                } catch (StaleFencingTokenException e) {
                    System.out.println("refused");
                }
                System.out.flush();
            }
        }
        client.close();
    }
}
