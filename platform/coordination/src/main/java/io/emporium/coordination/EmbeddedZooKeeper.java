package io.emporium.coordination;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/**
 * A single ZooKeeper server in this JVM (ZooKeeper's own embedded server API), for the default
 * one-process mode. Its data survives restarts in the given directory; it listens on loopback on
 * a free port. Not a substitute for an ensemble: one server has no fault tolerance.
 */
public final class EmbeddedZooKeeper implements ZooKeeperEndpoint, AutoCloseable {

    private final ZooKeeperServerEmbedded server;
    private final int port;

    private EmbeddedZooKeeper(ZooKeeperServerEmbedded server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a server with its data under {@code directory}; blocks until it serves (at most 30 s). */
    public static EmbeddedZooKeeper start(Path directory) {
        try {
            Files.createDirectories(directory);
            int port = freePort();
            Properties config = new Properties();
            config.setProperty("clientPort", Integer.toString(port));
            config.setProperty("clientPortAddress", "127.0.0.1");
            config.setProperty("tickTime", "1000");
            config.setProperty("initLimit", "10");
            config.setProperty("syncLimit", "5");
            config.setProperty("minSessionTimeout", "2000");
            config.setProperty("maxSessionTimeout", "60000");
            config.setProperty("admin.enableServer", "false");
            config.setProperty("maxCnxns", "1000");
            config.setProperty("4lw.commands.whitelist", "ruok,srvr,stat,mntr");
            config.setProperty("autopurge.snapRetainCount", "3");
            config.setProperty("autopurge.purgeInterval", "1");
            ZooKeeperServerEmbedded server = ZooKeeperServerEmbedded.builder()
                    .baseDir(directory.toAbsolutePath())
                    .configuration(config)
                    .exitHandler(ExitHandler.LOG_ONLY)
                    .build();
            server.start(30_000);
            return new EmbeddedZooKeeper(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded ZooKeeper in " + directory, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded ZooKeeper in " + directory + ": " + e, e);
        }
    }

    @Override
    public String connectString() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
