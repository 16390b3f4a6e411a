package io.emporium.bench;

import io.emporium.coordination.LeadershipGate;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/** A leader in its own JVM for the lock scenario's crash failover: it says "leading", then waits to be killed. */
public final class FailoverLeader {

    public static void main(String[] args) throws Exception {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(args[0])
                .sessionTimeoutMs(Integer.parseInt(args[2])).connectionTimeoutMs(3000)
                .retryPolicy(new ExponentialBackoffRetry(100, 10)).namespace("emporium").build();
        client.start();
        client.blockUntilConnected(15, TimeUnit.SECONDS);
        LeadershipGate gate = new LeadershipGate(client, args[1], "child");
        gate.start();
        while (!gate.isLeader()) {
            Thread.sleep(5); // waiting for the election, in a throw-away process
        }
        System.out.println("leading");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // until SIGKILL
    }
}
