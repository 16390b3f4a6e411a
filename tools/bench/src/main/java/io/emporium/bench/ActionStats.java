package io.emporium.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Outcomes of one kind of action (or of all). Latency, in microseconds from the intended send time,
 * is kept for actions that did not fail; errors are only counted, by kind.
 */
final class ActionStats {

    private final Histogram latency = new ConcurrentHistogram(3);
    private final LongAdder ok = new LongAdder();
    private final Map<String, LongAdder> expected = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentSkipListMap<>();
    private final AtomicLong lastOkAt = new AtomicLong(Long.MIN_VALUE);

    void record(Outcome outcome, long latencyNanos, long completedAt) {
        switch (outcome.kind()) {
            case OK -> {
                ok.increment();
                lastOkAt.accumulateAndGet(completedAt, Math::max);
            }
            case EXPECTED -> expected.computeIfAbsent(outcome.label(), k -> new LongAdder()).increment();
            case ERROR -> errors.computeIfAbsent(outcome.label(), k -> new LongAdder()).increment();
        }
        if (outcome.kind() != Outcome.Kind.ERROR) {
            latency.recordValue(TimeUnit.NANOSECONDS.toMicros(latencyNanos));
        }
    }

    long ok() {
        return ok.sum();
    }

    long expected() {
        return expected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long errors() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long completed() {
        return ok() + expected() + errors();
    }

    Map<String, LongAdder> expectedByKind() {
        return expected;
    }

    Map<String, LongAdder> errorsByKind() {
        return errors;
    }

    /** System.nanoTime() at which the last OK action completed, or Long.MIN_VALUE. */
    long lastOkAt() {
        return lastOkAt.get();
    }

    long latencyCount() {
        return latency.getTotalCount();
    }

    double percentileMillis(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return latency.getMaxValue() / 1000.0;
    }
}
