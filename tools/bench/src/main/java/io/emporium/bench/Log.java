package io.emporium.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines on standard error, so that standard output carries only the report. */
final class Log {

    private Log() {
    }

    static void step(String format, Object... args) {
        System.err.printf("[bench %s] %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), format.formatted(args));
    }
}
