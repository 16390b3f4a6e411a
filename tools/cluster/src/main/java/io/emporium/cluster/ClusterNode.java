package io.emporium.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of the distributed engines under a platform split into processes, as {@code ./emporium cluster up}
 * runs them on one machine:
 *
 * <pre>
 * zookeeper ID DIR CLIENT_PORT PEERS   one server of a ZooKeeper ensemble; PEERS = host:quorumPort:electionPort,... in id order
 * kafka ID DIR PORT CONTROLLER_PORT VOTERS CLUSTER_ID
 *                                      one Kafka node in combined mode (broker and KRaft controller);
 *                                      VOTERS = id@host:controllerPort,...; the log directory is formatted on first start
 * </pre>
 *
 * Both run until the process is stopped. The configuration each writes (DIR/zoo.cfg, DIR/server.properties) is
 * what a production node of that engine would read; docs/operations.md shows the production layout.
 */
public final class ClusterNode {

    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private ClusterNode() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("zookeeper")) {
            zooKeeper(Integer.parseInt(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), null);
        } else if (args.length == 5 && args[0].equals("zookeeper")) {
            zooKeeper(Integer.parseInt(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), args[4]);
        } else if (args.length == 7 && args[0].equals("kafka")) {
            kafka(Integer.parseInt(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), args[5], args[6]);
        } else {
            System.err.println("usage: zookeeper ID DIR CLIENT_PORT PEERS | kafka ID DIR PORT CONTROLLER_PORT VOTERS CLUSTER_ID");
            System.exit(2);
        }
    }

    static void zooKeeper(int id, Path dir, int clientPort, String peers) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("myid"), Integer.toString(id));
        List<String> config = new ArrayList<>(List.of("tickTime=2000", "initLimit=10", "syncLimit=5", "dataDir=" + data.toAbsolutePath(),
                "clientPort=" + clientPort, "clientPortAddress=127.0.0.1", "admin.enableServer=false", "maxCnxns=1000",
                "4lw.commands.whitelist=ruok,srvr,stat,mntr", "autopurge.snapRetainCount=3", "autopurge.purgeInterval=1",
                "minSessionTimeout=4000", "maxSessionTimeout=40000"));
        if (peers != null) {
            String[] servers = peers.split(",");
            for (int i = 0; i < servers.length; i++) {
                config.add("server." + (i + 1) + "=" + servers[i]);
            }
        }
        Path cfg = dir.resolve("zoo.cfg");
        Files.write(cfg, config, StandardCharsets.UTF_8);
        log.info("ZooKeeper server {} on 127.0.0.1:{} ({})", id, clientPort, cfg);
        if (peers == null) {
            org.apache.zookeeper.server.ZooKeeperServerMain.main(new String[] {cfg.toString()});
        } else {
            org.apache.zookeeper.server.quorum.QuorumPeerMain.main(new String[] {cfg.toString()});
        }
    }

    static void kafka(int id, Path dir, int port, int controllerPort, String voters, String clusterId) throws IOException {
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        int nodes = voters.split(",").length;
        int replicas = Math.min(3, nodes);
        List<String> config = List.of("process.roles=broker,controller", "node.id=" + id, "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT", "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logs.toAbsolutePath(), "num.partitions=6", "default.replication.factor=" + replicas,
                "offsets.topic.replication.factor=" + replicas, "transaction.state.log.replication.factor=" + replicas,
                "transaction.state.log.min.isr=" + (replicas >= 3 ? 2 : 1), "min.insync.replicas=" + (replicas >= 3 ? 2 : 1),
                "unclean.leader.election.enable=false", "group.initial.rebalance.delay.ms=0", "log.retention.hours=168");
        Path properties = dir.resolve("server.properties");
        Files.write(properties, config, StandardCharsets.UTF_8);
        if (!Files.exists(logs.resolve("meta.properties"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = kafka.tools.StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", properties.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            if (status != 0) {
                System.err.println("formatting " + logs + " failed: " + out.toString(StandardCharsets.UTF_8));
                System.exit(1);
            }
            log.info("formatted {} for cluster {}", logs, clusterId);
        }
        log.info("Kafka node {} on 127.0.0.1:{} (controller 127.0.0.1:{}, {})", id, port, controllerPort, properties);
        kafka.Kafka.main(new String[] {properties.toString()});
    }
}
