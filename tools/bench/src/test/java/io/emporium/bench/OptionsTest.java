package io.emporium.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsApplyToWhatIsNotGiven() {
        Options o = Options.parse(List.of("--scenario", "shop", "--rate", "12.5", "--data", "/tmp/d"));
        assertEquals(12.5, o.rate());
        assertEquals(Duration.ofSeconds(60), o.duration());
        assertEquals(Duration.ofSeconds(10), o.warmup());
        assertEquals(50, o.users());
        assertEquals(100, o.stock());
        assertEquals(Path.of("/tmp/d"), o.data());
        assertNull(o.url());
        assertFalse(o.skipDb());
    }

    @Test
    void everyScenarioIsKnown() {
        for (String scenario : List.of("checkout", "shop", "hot-sku", "baseline")) {
            assertEquals(scenario, Options.parse(List.of("--scenario", scenario, "--rate", "1", "--data", "d")).scenario());
        }
        assertThrows(Options.UsageException.class, () -> Options.parse(List.of("--scenario", "checkouts", "--rate", "1", "--data", "d")));
    }

    @Test
    void everyFlagIsRead() {
        Options o = Options.parse(List.of("--scenario", "hot-sku", "--rate", "100", "--duration", "2m", "--warmup", "500ms",
                "--data", "d", "--url", "http://localhost:9", "--users", "7", "--stock", "3", "--jdbc-url", "jdbc:postgresql://x/y",
                "--jdbc-user", "u", "--report", "r.md", "--skip-db"));
        assertEquals(Duration.ofMinutes(2), o.duration());
        assertEquals(Duration.ofMillis(500), o.warmup());
        assertEquals("http://localhost:9", o.url());
        assertEquals(7, o.users());
        assertEquals(3, o.stock());
        assertEquals("jdbc:postgresql://x/y", o.jdbcUrl());
        assertEquals("u", o.jdbcUser());
        assertEquals(Path.of("r.md"), o.report());
        assertTrue(o.skipDb());
    }

    @Test
    void durationsWithoutUnitAreSeconds() {
        assertEquals(Duration.ofSeconds(15), Options.duration("15", "--duration"));
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThrows(Options.UsageException.class, () -> Options.parse(List.of("--scenario", "shop", "--data", "d")));
        assertThrows(Options.UsageException.class, () -> Options.parse(List.of("--scenario", "x", "--rate", "1", "--data", "d")));
        assertThrows(Options.UsageException.class, () -> Options.parse(List.of("--scenario", "shop", "--rate", "1", "--data", "d", "--bogus")));
        assertThrows(Options.UsageException.class, () -> Options.parse(List.of("--scenario", "shop", "--rate", "0", "--data", "d")));
        assertThrows(Options.UsageException.class, () -> Options.parse(List.of("--scenario", "shop", "--rate", "1", "--data", "d", "--duration", "1h")));
    }
}
