package io.emporium.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged gateway ({@code gateway.jar}) as a separate process, in front of the platform's processes. */
final class Gateway implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Process process;
    final Path log;
    final int port;

    private Gateway(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the gateway on a free port, reading the instances registered in {@code zooKeeper}; waits until it is healthy. */
    static Gateway start(Path tmp, String zooKeeper) {
        try {
            Path jar = Path.of(System.getProperty("gateway.jar")).toAbsolutePath().normalize();
            assertThat(jar).as("the packaged gateway; build apps/gateway first").exists();
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Path log = Files.createTempFile(tmp, "gateway-", ".log");
            Process process = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx192m", "-jar",
                    jar.toString(), "--server.port=" + port, "--emporium.zookeeper.connect-string=" + zooKeeper))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Gateway gateway = new Gateway(process, log, port);
            try {
                await("gateway healthy").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .failFast("the gateway ended:\n" + gateway.output(), () -> !process.isAlive())
                        .until(() -> gateway.send("GET", "/actuator/health", null, null).statusCode() == 200);
            } catch (RuntimeException | Error e) {
                gateway.close();
                throw e;
            }
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    HttpResponse<String> send(String method, String path, String json, String token) {
        return send(method, path, json, token, null);
    }

    HttpResponse<String> send(String method, String path, String json, String token, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
