package io.emporium.coordination;

import java.nio.charset.StandardCharsets;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;

/** Curator's mutex, telling which node it holds (for the fencing token) and writing who holds it into that node. */
final class FencedMutex extends InterProcessMutex {

    private final byte[] holder;

    FencedMutex(CuratorFramework client, String path, String holder) {
        super(client, path);
        this.holder = holder.getBytes(StandardCharsets.UTF_8);
    }

    String lockNodePath() {
        return getLockPath();
    }

    @Override
    protected byte[] getLockNodeBytes() {
        return holder;
    }
}
