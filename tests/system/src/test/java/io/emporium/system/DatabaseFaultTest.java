package io.emporium.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL dies under the platform and cannot come back (its port is taken): the
 * platform tries a bounded number of restarts, refuses requests with 503 meanwhile and then reports
 * liveness DOWN. The database needs its password, and an old data directory that trusted every
 * local connection is upgraded at its next start.
 */
class DatabaseFaultTest {

    @TempDir
    Path tmp;

    @Test
    void a_postgres_that_cannot_be_restarted_makes_liveness_down_after_bounded_attempts() throws Exception {
        try (PlatformProcess platform = PlatformProcess.start(tmp.resolve("data"), "--emporium.demo.enabled=false",
                "--emporium.embedded.postgres-restart-attempts=3", "--emporium.embedded.postgres-restart-backoff=PT0.2S")) {
            int postgresPort = platform.loggedPort("PostgreSQL is up on port (\\d+)");
            AtomicReference<ServerSocket> held = new AtomicReference<>();
            await("PostgreSQL killed and its port held").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .ignoreExceptions().until(() -> {
                        ProcessHandle.of(platform.postgresPid()).ifPresent(ProcessHandle::destroyForcibly);
                        held.set(bind(postgresPort));
                        return held.get() != null;
                    });
            try {
                await("the supervisor gives up").atMost(Duration.ofSeconds(30))
                        .until(() -> platform.output().contains("PostgreSQL could not be restarted (3 attempts"));
                await("liveness DOWN").atMost(Duration.ofSeconds(10))
                        .until(() -> platform.get("/actuator/health/liveness", Optional.empty()).statusCode() == 503);
                assertThat(platform.output()).contains("Restarting PostgreSQL (attempt 3 of 3)")
                        .doesNotContain("Restarting PostgreSQL (attempt 4");
                HttpResponse<String> refused = platform.post("/api/identity/tokens",
                        "{\"email\":\"nobody@example.test\",\"password\":\"nobody-pass-1\"}", Optional.empty());
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            } finally {
                held.get().close();
            }
            platform.stop();
        }
        assertThat(PlatformProcess.processesUsing(tmp.resolve("data"))).isEmpty();
    }

    @Test
    void the_database_needs_the_password_kept_private_and_an_old_trusting_directory_is_upgraded() throws Exception {
        Path data = tmp.resolve("data");
        try (PlatformProcess first = PlatformProcess.start(data, "--emporium.demo.enabled=false")) {
            Properties runtime = first.runtime();
            assertThat(runtime.getProperty("jdbc.password")).isNotBlank()
                    .isEqualTo(Files.readString(data.resolve("postgres-password")).trim());
            assertRefusedWithoutPassword(runtime.getProperty("jdbc.url"));
            assertThat(first.query("SELECT 1")).as("with the password").isEqualTo(1);
            for (String secret : List.of("postgres-password", "token-secret", "runtime.properties")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(secret))))
                        .as(secret).isEqualTo("rw-------");
            }
            assertThat(Files.readString(data.resolve("postgres/pg_hba.conf"))).doesNotContainPattern("(?m)^[^#]*trust");
            // make the directory what an older version left: no password, every local connection trusted
            first.execute("ALTER ROLE postgres PASSWORD NULL");
            first.stop();
        }
        Files.writeString(data.resolve("postgres/pg_hba.conf"), """
                local   all             all                                     trust
                host    all             all             127.0.0.1/32            trust
                host    all             all             ::1/128                 trust
                """);
        Files.delete(data.resolve("postgres-password"));
        Files.setPosixFilePermissions(data.resolve("token-secret"), PosixFilePermissions.fromString("rw-r--r--"));

        try (PlatformProcess second = PlatformProcess.start(data, "--emporium.demo.enabled=false")) {
            assertThat(second.output()).contains("it now requires the password kept in the data directory")
                    .contains("token-secret was readable by other users");
            Properties runtime = second.runtime();
            assertRefusedWithoutPassword(runtime.getProperty("jdbc.url"));
            assertThat(second.query("SELECT 1")).isEqualTo(1);
            for (String secret : List.of("postgres-password", "token-secret", "runtime.properties")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(secret))))
                        .as(secret).isEqualTo("rw-------");
            }
            assertThat(second.post("/api/identity/customers", "{\"email\":\"upgraded@example.test\",\"password\":\"upgrade-pass-1\"}",
                    Optional.empty()).statusCode()).isEqualTo(201);
            second.stop();
        }
    }

    static void assertRefusedWithoutPassword(String url) {
        try (var connection = DriverManager.getConnection(url, "postgres", "")) {
            throw new AssertionError("connected to " + url + " without a password");
        } catch (SQLException expected) {
            assertThat(expected.getMessage()).containsIgnoringCase("password");
        }
    }

    /** A server socket on the port, or null while something (a postgres) still listens there. */
    static ServerSocket bind(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return socket;
            } catch (IOException inUse) {
                socket.close();
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
