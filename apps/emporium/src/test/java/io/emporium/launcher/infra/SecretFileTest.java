package io.emporium.launcher.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory's secrets: made once, owner-only from the first byte, kept across starts. */
class SecretFileTest {

    @TempDir
    Path dir;

    @Test
    void a_secret_is_made_once_readable_by_its_owner_only_and_kept() throws IOException {
        Path file = dir.resolve("nested/token-secret");
        AtomicInteger made = new AtomicInteger();
        String first = SecretFile.readOrCreate(file, () -> {
            made.incrementAndGet();
            return SecretFile.randomKey();
        });
        assertThat(Base64.getDecoder().decode(first)).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SecretFile.readOrCreate(file, () -> {
            made.incrementAndGet();
            return SecretFile.randomKey();
        })).as("the next start reads the same secret").isEqualTo(first);
        assertThat(made).hasValue(1);
    }

    @Test
    void an_older_file_others_can_read_is_tightened_and_its_secret_kept() throws IOException {
        Path file = dir.resolve("db-password");
        Files.writeString(file, "kept-secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(SecretFile.readOrCreate(file, SecretFile::randomPassword)).isEqualTo("kept-secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void write_replaces_the_content_and_passwords_need_no_quoting() throws IOException {
        Path file = dir.resolve("runtime.properties");
        SecretFile.write(file, "a much longer first content");
        SecretFile.write(file, "short");
        assertThat(Files.readString(file)).isEqualTo("short");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SecretFile.randomPassword()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(SecretFile.randomPassword());
    }
}
