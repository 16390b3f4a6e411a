package io.emporium.launcher.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret kept in the data directory (the token key, the database password): created once with
 * random content, readable by the owner only. The file is created with mode 600 rather than
 * chmod-ed afterwards, so its content is never readable by others, not even for a moment; an
 * older file that others can read is tightened when it is next used.
 */
public final class SecretFile {

    private static final Logger log = LoggerFactory.getLogger("emporium");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFile() {
    }

    /** 32 random bytes, base64 (the token key's format). */
    public static String randomKey() {
        return Base64.getEncoder().encodeToString(randomBytes());
    }

    /** 32 random bytes as URL-safe base64 without padding: a password that goes into SQL and files unquoted. */
    public static String randomPassword() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
    }

    private static byte[] randomBytes() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The secret in {@code file}, made by {@code generate} on first use. */
    public static String readOrCreate(Path file, Supplier<String> generate) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                String secret = generate.get();
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                    Files.writeString(file, secret, StandardOpenOption.TRUNCATE_EXISTING);
                    return secret;
                } catch (FileAlreadyExistsException raced) {
                    // made meanwhile by someone else: use theirs
                }
            }
            ownerOnly(file);
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a secret in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Makes {@code file} readable by its owner only, if it is not already; logs when it had to. */
    public static void ownerOnly(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(now)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            log.warn("{} was readable by other users ({}); it is now readable by its owner only",
                    file, PosixFilePermissions.toString(now));
        }
    }

    /** Creates (or truncates) {@code file} readable by its owner only and writes {@code content}. */
    public static void write(Path file, String content) throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException raced) {
                // written below either way
            }
        }
        ownerOnly(file);
        Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }
}
