package io.emporium.platform.binding;

import java.net.URI;

/**
 * Where the instances of a service that runs in another process are: the HTTP binding asks for one per
 * call. {@link ConfiguredServiceInstances} reads a fixed URL per service from the configuration; the
 * coordination module's {@code ZooKeeperServiceInstances} finds the instances that registered themselves in
 * ZooKeeper and are ready, and a fixed URL, when one is configured, still wins.
 */
public interface ServiceInstances {

    /**
     * The base URI (scheme, host, port) of an instance of {@code service} to call now; throws
     * {@link io.emporium.platform.problem.ServiceUnavailableException} (503) when none is known.
     */
    URI pick(String service);

    /** A call to {@code instance} could not reach it: pick it less, or not at all, for a while. */
    default void unreachable(String service, URI instance) {
    }

    /**
     * Called once when a client for {@code service} is made: throws when no instance of it can ever be found
     * (a fixed configuration without its URL), so that a process that cannot work refuses to start.
     */
    default void requireFindable(String service) {
    }
}
