package io.emporium.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** The machine the benchmark runs on, read from /proc. */
record Machine(int cpus, String cpuModel, String memory, String java) {

    static Machine describe() {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                procField(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU"),
                procField(Path.of("/proc/meminfo"), "MemTotal").map(Machine::mebibytes).orElse("unknown"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
    }

    /** VmRSS (now) and VmHWM (peak) of a process, e.g. "412 MiB (peak 530 MiB)". */
    static String residentMemory(OptionalLong pid) {
        if (pid.isEmpty()) {
            return "unknown (no emporium.pid in the data directory)";
        }
        Path status = Path.of("/proc", Long.toString(pid.getAsLong()), "status");
        Optional<String> rss = procField(status, "VmRSS").map(Machine::mebibytes);
        return rss.map(now -> now + " (peak " + procField(status, "VmHWM").map(Machine::mebibytes).orElse("?")
                        + ", pid " + pid.getAsLong() + ")")
                .orElse("unknown (process " + pid.getAsLong() + " not readable)");
    }

    @Override
    public String toString() {
        return cpus + " CPUs (" + cpuModel + "), " + memory + " RAM, Java " + java;
    }

    private static Optional<String> procField(Path file, String name) {
        try (var lines = Files.lines(file)) {
            return lines.filter(line -> line.startsWith(name))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** "24590520 kB" to "24014 MiB". */
    private static String mebibytes(String kilobytes) {
        return Long.parseLong(kilobytes.replace("kB", "").trim()) / 1024 + " MiB";
    }
}
