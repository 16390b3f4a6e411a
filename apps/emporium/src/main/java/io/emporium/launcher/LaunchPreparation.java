package io.emporium.launcher;

import io.emporium.launcher.infra.SecretFile;
import io.emporium.platform.service.ServiceSelection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * What {@code ./emporium start} does before any bean exists: checks the service list, takes
 * the data directory for this process alone (a second platform on it is refused), and, unless
 * configured, keeps the token key in the data directory (readable by its owner only) so that
 * tokens survive a restart.
 */
class LaunchPreparation implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Logger log = LoggerFactory.getLogger("emporium");

    /** Held for the life of the process; the OS releases it when the process ends. */
    private static FileChannel lockChannel;
    private static FileLock lock;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        ServiceSelection services = ServiceSelection.from(environment);
        Path dataDir = DataDirectory.resolve(environment);
        lock(dataDir);
        log.info("Emporium starting: services {}, data in {}", services, dataDir);
        if (environment.getProperty("emporium.security.token-secret", "").isBlank()) {
            environment.getPropertySources().addLast(new MapPropertySource("emporium-data-dir",
                    Map.of("emporium.security.token-secret", "base64:" + tokenSecret(dataDir))));
        }
    }

    private static synchronized void lock(Path dataDir) {
        try {
            if (!Files.exists(dataDir)) {
                // it will hold secrets (token key, database password): private from the start
                Files.createDirectories(dataDir.getParent());
                try {
                    Files.createDirectory(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // made meanwhile: use it as it is
                }
            }
            FileChannel channel = FileChannel.open(dataDir.resolve("emporium.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock taken;
            try {
                taken = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                taken = null;
            }
            if (taken == null) {
                channel.close();
                throw new DataDirectoryInUseException(dataDir);
            }
            lockChannel = channel;
            lock = taken;
            // for ./emporium, which must not rebuild the jar under a running platform
            Path pid = dataDir.resolve("emporium.pid");
            Files.writeString(pid, Long.toString(ProcessHandle.current().pid()));
            pid.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data directory " + dataDir, e);
        }
    }

    private static String tokenSecret(Path dataDir) {
        return SecretFile.readOrCreate(dataDir.resolve("token-secret"), SecretFile::randomKey);
    }
}
