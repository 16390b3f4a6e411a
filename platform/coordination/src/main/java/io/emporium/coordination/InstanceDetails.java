package io.emporium.coordination;

/**
 * What an instance registered in ZooKeeper says about itself besides its address: the process it belongs to
 * (host name and process id) and when it registered, for {@code cluster status} and for a reader of the tree.
 */
public record InstanceDetails(String process, long registeredAt) {
}
