package io.emporium.coordination;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ZooKeeper client of this process (Curator), its health, the leader election of the
 * singleton jobs, and service discovery (this process's services registered, the others' found). The launcher supplies the {@link ZooKeeperEndpoint}: embedded or an ensemble.
 */
@Configuration(proxyBeanMethods = false)
public class CoordinationConfiguration {

    @Bean(destroyMethod = "close")
    CuratorFramework curator(ZooKeeperEndpoint endpoint,
            @Value("${emporium.zookeeper.session-timeout:PT15S}") Duration sessionTimeout,
            @Value("${emporium.zookeeper.connection-timeout:PT10S}") Duration connectionTimeout) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(endpoint.connectString())
                .sessionTimeoutMs((int) sessionTimeout.toMillis())
                .connectionTimeoutMs((int) connectionTimeout.toMillis())
                .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000))
                .namespace("emporium")
                .build();
        client.start();
        if (!client.blockUntilConnected((int) connectionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            client.close();
            throw new IllegalStateException("cannot reach ZooKeeper at " + endpoint.connectString() + " within "
                    + connectionTimeout.toSeconds() + " s");
        }
        return client;
    }

    /** One election per service that this process runs and that has singleton work (jobs, an outbox). */
    @Bean(destroyMethod = "close")
    LeadershipGates leadershipGates(CuratorFramework curator, @Value("${emporium.jobs.group:jobs}") String group) {
        if (!group.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("emporium.jobs.group must be letters, digits, '-' or '_': " + group);
        }
        return new LeadershipGates(curator, group, "emporium-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
    }

    @Bean(destroyMethod = "close")
    DistributedLocks distributedLocks(CuratorFramework curator, @Value("${emporium.locks.lease:PT30S}") Duration lease,
            java.time.Clock clock) {
        String host = hostName();
        return new DistributedLocks(curator, "emporium-" + ProcessHandle.current().pid() + "@" + host, lease, clock);
    }

    /** This process's services in ZooKeeper, and the instances of the others (see {@link ServiceRegistry}). */
    @Bean(initMethod = "start", destroyMethod = "close")
    ServiceRegistry serviceRegistry(CuratorFramework curator) {
        String host = hostName();
        return new ServiceRegistry(curator, host + "/" + ProcessHandle.current().pid());
    }

    @Bean
    ServiceRegistration serviceRegistration(ServiceRegistry registry, org.springframework.core.env.Environment environment) {
        return new ServiceRegistration(registry, environment);
    }

    /** What the HTTP binding asks for an instance of a service that runs elsewhere. */
    @Bean(destroyMethod = "close")
    ZooKeeperServiceInstances serviceInstances(ServiceRegistry registry, org.springframework.core.env.Environment environment) {
        return new ZooKeeperServiceInstances(registry, new io.emporium.platform.binding.ConfiguredServiceInstances(environment));
    }

    @Bean
    Fence fence(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        return new Fence(jdbc);
    }

    @Bean("zookeeperHealthIndicator")
    HealthIndicator zookeeper(CuratorFramework curator, ZooKeeperEndpoint endpoint) {
        return () -> {
            boolean up = curator.getZookeeperClient().isConnected();
            return (up ? Health.up() : Health.down()).withDetail("connectString", endpoint.connectString()).build();
        };
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown-host";
        }
    }
}
