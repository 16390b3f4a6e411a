package io.emporium.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged platform ({@code emporium.jar}) running as a separate process, as {@code ./emporium start} runs it. */
final class PlatformProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Process process;
    final Path log;
    final int port;
    final Path dataDir;

    private PlatformProcess(Process process, Path log, int port, Path dataDir) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.dataDir = dataDir;
    }

    static PlatformProcess launch(Path dataDir, String... extraArgs) {
        try {
            Path jar = Path.of(System.getProperty("emporium.jar")).toAbsolutePath().normalize();
            assertThat(jar).as("the packaged platform; build apps/emporium first").exists();
            int port = freePort();
            Files.createDirectories(dataDir.getParent());
            Path log = Files.createTempFile(dataDir.getParent(), "platform-", ".log");
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx384m", "-jar", jar.toString(), "--server.port=" + port, "--emporium.data-dir=" + dataDir));
            command.addAll(List.of(extraArgs));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new PlatformProcess(process, log, port, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PlatformProcess start(Path dataDir, String... extraArgs) {
        PlatformProcess platform = launch(dataDir, extraArgs);
        try {
            platform.awaitReady();
        } catch (RuntimeException | Error e) {
            // the caller never gets the process to close: do not leave it running
            platform.close();
            throw e;
        }
        return platform;
    }

    void awaitReady() {
        await("platform ready").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250))
                .failFast("the platform process ended:\n" + tail(), () -> !process.isAlive())
                .until(() -> output().contains("Emporium is ready at"));
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail() {
        String out = output();
        return out.substring(Math.max(0, out.length() - 4000));
    }

    /**
     * Each ERROR the platform logged, with the first lines of its stack trace and every "Caused by", for the message
     * of a failing assertion.
     */
    String failuresLogged() {
        List<String> lines = output().lines().toList();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).contains(" ERROR ")) {
                continue;
            }
            out.append(lines.get(i)).append('\n');
            int frames = 0;
            for (int j = i + 1; j < lines.size() && !LOG_LINE.matcher(lines.get(j)).lookingAt(); j++) {
                String line = lines.get(j);
                if (!line.startsWith("\tat ") || frames++ < 12) {
                    out.append(line).append('\n');
                }
            }
            out.append("---\n");
        }
        return out.isEmpty() ? "(no failure logged)\n" + tail() : out.toString();
    }

    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");

    /** The port a log line names, e.g. "PostgreSQL is up on port 41234". */
    int loggedPort(String regex) {
        Matcher m = Pattern.compile(regex).matcher(output());
        assertThat(m.find()).as("log line /" + regex + "/ in\n" + tail()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** DATA/runtime.properties, written by the platform when it is ready. */
    Properties runtime() {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(dataDir.resolve("runtime.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** A connection to the platform's database, as tools/bench opens one. */
    Connection database() throws SQLException {
        Properties runtime = runtime();
        return DriverManager.getConnection(runtime.getProperty("jdbc.url"), runtime.getProperty("jdbc.user"),
                runtime.getProperty("jdbc.password"));
    }

    long query(String sql) {
        try (Connection db = database(); var statement = db.createStatement(); var rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    String text(String sql) {
        try (Connection db = database(); var statement = db.createStatement(); var rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void execute(String sql) {
        try (Connection db = database(); var statement = db.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The embedded PostgreSQL's postmaster, from its pid file. */
    long postgresPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).getFirst().trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> get(String path, Optional<String> token) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    HttpResponse<String> post(String path, String json, Optional<String> token) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    HttpResponse<String> send(String method, String path, String json, Optional<String> token, Map<String, String> headers,
            Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(timeout)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, Optional<String> token) {
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, as Ctrl-C or a service manager would send, then wait for a clean exit. */
    int stop() {
        process.destroy();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("stopped within 90 s:\n" + tail()).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    int awaitExit() {
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("exited within 90 s:\n" + tail()).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Processes whose command line names this data directory (a postgres would: {@code -D DIR/postgres}). */
    static List<ProcessHandle> processesUsing(Path dataDir) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(dataDir.toString())).orElse(false))
                .toList();
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
