package io.emporium.bench;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * The platform under test: its HTTP URL, its database and its process, found in the data directory
 * (DIR/runtime.properties and DIR/emporium.pid, both written by the running platform) unless the
 * command line names them.
 */
record Target(URI http, Jdbc jdbc, OptionalLong pid) {

    static Target resolve(Options options) {
        Properties runtime = runtimeProperties(options.data());
        String url = firstOf(options.url(), runtime.getProperty("http.url"));
        if (url == null) {
            throw new IllegalStateException("no " + options.data().resolve("runtime.properties")
                    + " with http.url; is the platform running with this data directory? Otherwise pass --url");
        }
        String jdbcUrl = firstOf(options.jdbcUrl(), runtime.getProperty("jdbc.url"));
        Jdbc jdbc = jdbcUrl == null ? null : new Jdbc(jdbcUrl,
                firstOf(options.jdbcUser(), runtime.getProperty("jdbc.user", "postgres")),
                runtime.getProperty("jdbc.password", ""));
        return new Target(URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url), jdbc,
                pid(options.data()));
    }

    /** The platform's ZooKeeper connect string, from DIR/runtime.properties. */
    static String zooKeeper(Options options) {
        String connect = runtimeProperties(options.data()).getProperty("zookeeper.connect");
        if (connect == null) {
            throw new IllegalStateException("no zookeeper.connect in " + options.data().resolve("runtime.properties")
                    + " (a platform older than the lock scenario?)");
        }
        return connect;
    }

    private static Properties runtimeProperties(Path data) {
        Properties properties = new Properties();
        Path file = data.resolve("runtime.properties");
        if (Files.isReadable(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            } catch (IOException e) {
                Log.step("cannot read %s: %s", file, e.getMessage());
            }
        }
        return properties;
    }

    private static OptionalLong pid(Path data) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(data.resolve("emporium.pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String firstOf(String given, String fallback) {
        return given != null ? given : fallback;
    }
}
