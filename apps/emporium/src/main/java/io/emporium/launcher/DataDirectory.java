package io.emporium.launcher;

import java.nio.file.Path;
import org.springframework.core.env.Environment;

/** Where embedded PostgreSQL and ZooKeeper keep their data: {@code emporium.data-dir}, default {@code ./data}. */
final class DataDirectory {

    private DataDirectory() {
    }

    static Path resolve(Environment environment) {
        return Path.of(environment.getProperty("emporium.data-dir", "data")).toAbsolutePath().normalize();
    }
}
