package io.emporium.coordination;

/** Where the ZooKeeper ensemble (or the embedded server) listens, e.g. {@code zk1:2181,zk2:2181,zk3:2181}. */
public interface ZooKeeperEndpoint {

    String connectString();

    static ZooKeeperEndpoint of(String connectString) {
        return () -> connectString;
    }
}
