package io.emporium.launcher.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries from a Maven artifact) run by this process, its data kept
 * in a directory across restarts, listening on loopback on a free port. Closing it stops the
 * server cleanly (pg_ctl stop), so no postgres process or lock file is left behind.
 *
 * <p>Every connection needs the password kept in a file readable by the owner only
 * (scram-sha-256, no Unix-domain socket). A data directory made by an older version, which
 * trusted every local connection, is switched to the password on its first start with this one.
 *
 * <p>{@link #restart()} starts the server again on the same data directory, port and settings
 * after it died (the {@link PostgresSupervisor} decides when).
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("emporium");
    private static final String USER = "postgres";
    private static final Pattern TRUST_LINE = Pattern.compile("^\\s*(local|host\\w*)\\s.*\\btrust\\s*$");
    private static final String PG_HBA = """
            # Written by Emporium: every connection needs the password kept in the data directory
            # (DATA/postgres-password, readable by its owner only).
            # TYPE  DATABASE        USER            ADDRESS                 METHOD
            local   all             all                                     scram-sha-256
            host    all             all             127.0.0.1/32            scram-sha-256
            host    all             all             ::1/128                 scram-sha-256
            local   replication     all                                     scram-sha-256
            host    replication     all             127.0.0.1/32            scram-sha-256
            host    replication     all             ::1/128                 scram-sha-256
            """;

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDirectory;
    private final String password;
    private final Map<String, String> serverConfig;
    private final Path binaries;
    private volatile long pid;
    private volatile boolean closed;
    private volatile Process restarted; // the server started by restart(), if any

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory,
            String password, Map<String, String> serverConfig) throws IOException {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.password = password;
        this.serverConfig = serverConfig;
        this.pid = postmasterPid().orElseThrow(() -> new IOException("PostgreSQL wrote no postmaster.pid"));
        this.binaries = ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(c -> Path.of(c).getParent())
                .orElseThrow(() -> new IOException("cannot find the binaries of PostgreSQL (pid " + pid + ")"));
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory}, creating the cluster on first use; its
     * superuser's password is the one in {@code passwordFile} (made on first use).
     */
    public static EmbeddedPostgres start(Path dataDirectory, Path passwordFile, boolean clean, boolean durable) {
        return start(dataDirectory, passwordFile, clean, durable, 0);
    }

    /**
     * As above, listening on {@code port} (0: a free one). A fixed port lets other processes keep their address of
     * this database across a restart of this one ({@code ./emporium cluster}).
     */
    public static EmbeddedPostgres start(Path dataDirectory, Path passwordFile, boolean clean, boolean durable, int port) {
        try {
            Files.createDirectories(dataDirectory.getParent());
            stopLeftover(dataDirectory);
            boolean fresh = clean || !Files.exists(dataDirectory.resolve("PG_VERSION"));
            String password = SecretFile.readOrCreate(passwordFile, SecretFile::randomPassword);
            log.info("Starting PostgreSQL ({} in {})", fresh ? "new database" : "existing data", dataDirectory);
            Map<String, String> config = serverConfig(durable);
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(clean)
                    .setPort(port == 0 ? freePort() : port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // initdb: the superuser gets the password and every connection must give it
                    // (these are passed to initdb after zonky's own "-A trust", so they win)
                    .setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.toAbsolutePath().toString())
                    .setConnectConfig("password", password);
            config.forEach(builder::setServerConfig);
            var server = builder.start();
            EmbeddedPostgres postgres = new EmbeddedPostgres(server, dataDirectory, password, config);
            postgres.requirePassword();
            log.info("PostgreSQL is up on port {}", server.getPort());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> serverConfig(boolean durable) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("timezone", "UTC");
        config.put("max_connections", "200");
        // zonky's test defaults trade durability for speed (-F, synchronous_commit=off);
        // the platform's own database must survive a crash with every commit it acknowledged.
        config.put("fsync", durable ? "on" : "off");
        config.put("synchronous_commit", durable ? "on" : "off");
        config.put("full_page_writes", "on");
        config.put("listen_addresses", "127.0.0.1");
        // no Unix-domain socket (it would be in /tmp, open to every local user): TCP on loopback only
        config.put("unix_socket_directories", "''");
        config.put("password_encryption", "scram-sha-256");
        return config;
    }

    /**
     * A data directory made before passwords were required still trusts every local connection:
     * give the superuser the password, then make pg_hba.conf require it.
     */
    private void requirePassword() throws IOException {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        if (Files.readAllLines(hba).stream().noneMatch(line -> TRUST_LINE.matcher(line).matches())) {
            return;
        }
        if (!password.matches("[A-Za-z0-9_-]+")) {
            throw new IOException("the database password in the data directory has characters other than A-Z a-z 0-9 _ -");
        }
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
            Files.writeString(hba, PG_HBA);
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("cannot switch PostgreSQL to password authentication: " + e.getMessage(), e);
        }
        log.warn("PostgreSQL trusted every local connection (a data directory made by an older version); "
                + "it now requires the password kept in the data directory (scram-sha-256)");
    }

    /**
     * A postgres still running on this data directory was left by an Emporium process that was
     * killed (SIGKILL) before it could stop it. We hold the data directory's lock, so no live
     * platform owns it: stop it (a smart shutdown) before starting our own.
     */
    private static void stopLeftover(Path dataDirectory) throws IOException {
        Optional<Long> pid = readPid(dataDirectory);
        var leftover = pid.flatMap(ProcessHandle::of)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (leftover.isEmpty()) {
            return;
        }
        log.warn("Stopping a PostgreSQL (pid {}) left running on {} by an earlier run that did not stop cleanly",
                pid.get(), dataDirectory);
        leftover.get().destroy();
        try {
            leftover.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the PostgreSQL left running by an earlier run (pid " + pid.get() + ") did not stop", e);
        }
    }

    private static Optional<Long> readPid(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String first;
        try {
            first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        } catch (java.nio.file.NoSuchFileException gone) {
            return Optional.empty();
        }
        return first.matches("\\d+") ? Optional.of(Long.parseLong(first)) : Optional.empty();
    }

    private Optional<Long> postmasterPid() throws IOException {
        return readPid(dataDirectory);
    }

    /** Whether the postmaster this object started (or last restarted) is still running. */
    public boolean isRunning() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The postmaster's process id (for logs, and for tests that kill it). */
    public long pid() {
        return pid;
    }

    /**
     * Starts the server again with the same binaries, data directory, port and settings, after
     * it died. Blocks until it accepts connections (at most 60 s); throws when it does not start.
     * PostgreSQL itself recovers the data from its write-ahead log. The server is run directly
     * (not through pg_ctl, which refuses to run as root even where zonky's {@code unshare -U} makes the server itself accept it), as a child of
     * this process, its output appended to {@code postgres-restart.log} next to the data directory.
     */
    public synchronized void restart() throws IOException {
        if (closed) {
            throw new IllegalStateException("PostgreSQL was closed");
        }
        List<String> command = new ArrayList<>();
        if (io.zonky.test.db.postgres.util.LinuxUtils.isUnshareAvailable()) {
            // as zonky starts it: in a user namespace of its own, where root is an unprivileged user
            // (PostgreSQL refuses to run as root, and the platform may run as root)
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(binaries.resolve("postgres").toString(), "-D", dataDirectory.toString(), "-p",
                Integer.toString(port())));
        // the values were written for a shell (zonky's pg_ctl -o); here there is none to remove quotes
        serverConfig.forEach((key, value) -> command.addAll(List.of("-c", key + "=" + ("''".equals(value) ? "" : value))));
        Path logFile = dataDirectory.resolveSibling("postgres-restart.log");
        Process started = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (!ready(started)) {
                if (!started.isAlive()) {
                    throw new IOException("PostgreSQL exited with code " + started.exitValue() + " (see " + logFile + ")");
                }
                if (System.nanoTime() - deadline > 0) {
                    started.destroyForcibly();
                    throw new IOException("PostgreSQL did not get ready within 60 s (see " + logFile + ")");
                }
                // the server says it is ready only in its pid file, which no API lets us wait on: poll it, bounded above
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            started.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while PostgreSQL was starting", e);
        }
        restarted = started;
        pid = started.pid();
    }

    /** Whether the postmaster {@code started} says, in its pid file, that it accepts connections. */
    private boolean ready(Process started) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.size() >= 8 && lines.getFirst().trim().equals(Long.toString(started.pid()))
                    && lines.get(7).trim().equals("ready");
        } catch (java.nio.file.NoSuchFileException notYet) {
            return false;
        }
    }

    public String jdbcUrl() {
        return server.getJdbcUrl(USER, "postgres");
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return server.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            server.close();
            Process own = restarted;
            if (own != null && own.isAlive()) {
                // SIGTERM: a smart shutdown, quick once the pool has closed its connections
                own.destroy();
                if (!own.waitFor(60, TimeUnit.SECONDS)) {
                    own.destroyForcibly();
                }
            }
            log.info("PostgreSQL stopped");
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
