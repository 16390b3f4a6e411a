package io.emporium.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator. Action i is due at start + i / rate whatever happened to earlier
 * actions; each runs on its own virtual thread, and its latency is measured from the time it was due,
 * not from the time it was actually sent. A platform that stalls therefore shows the stall in the
 * latency of every action that should have been sent meanwhile (no coordinated omission).
 * Actions due during the warm-up are performed but not recorded.
 */
final class OpenLoop {

    private static final Duration DRAIN = Duration.ofSeconds(60);
    private static final long PROGRESS_EVERY = TimeUnit.SECONDS.toNanos(10);

    private final Scenario scenario;
    private final double rate;
    private final Duration warmup;
    private final Duration duration;
    private final Stats stats = new Stats();
    private final Map<Long, String> inFlight = new ConcurrentHashMap<>();
    private final Set<String> errorKindsSeen = ConcurrentHashMap.newKeySet();
    private final AtomicLong maxStartLag = new AtomicLong();

    /**
     * The measured period's results. measureStart is the System.nanoTime() at which it began;
     * maxStartLag is how late, at worst, an action started running after it was due (the generator's own lag).
     */
    record Result(Stats stats, long scheduled, long measureStart, Duration duration, Duration maxStartLag) {
    }

    OpenLoop(Scenario scenario, double rate, Duration warmup, Duration duration) {
        this.scenario = scenario;
        this.rate = rate;
        this.warmup = warmup;
        this.duration = duration;
    }

    Result run() throws InterruptedException {
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long measureStart = start + warmup.toNanos();
        long end = measureStart + duration.toNanos();
        if (!warmup.isZero()) {
            Log.step("Warming up for %ss at %.1f actions/s (not measured)", warmup.toSeconds(), rate);
        }
        long scheduled = 0;
        long nextProgress = measureStart + PROGRESS_EVERY;
        for (long i = 0; ; i++) {
            long due = start + (long) (i * 1e9 / rate);
            if (due >= end) {
                break;
            }
            sleepUntil(due);
            boolean measured = due >= measureStart;
            if (measured && scheduled == 0) {
                Log.step("Running for %ss at %.1f actions/s (measured)", duration.toSeconds(), rate);
            }
            if (due >= nextProgress) {
                progress(due - measureStart);
                nextProgress += PROGRESS_EVERY;
            }
            Action action = scenario.next(!measured);
            if (measured) {
                inFlight.put(i, action.name());
                scheduled++;
            }
            long id = i;
            workers.execute(() -> perform(id, action, due, measured));
        }
        Log.step("Load generation finished; waiting for %d measured actions still in flight", inFlight.size());
        workers.shutdown();
        if (!workers.awaitTermination(DRAIN.toSeconds(), TimeUnit.SECONDS)) {
            abandonInFlight();
            workers.shutdownNow();
        }
        return new Result(stats, scheduled, measureStart, duration, Duration.ofNanos(maxStartLag.get()));
    }

    private void perform(long id, Action action, long due, boolean measured) {
        if (measured) {
            maxStartLag.accumulateAndGet(System.nanoTime() - due, Math::max);
        }
        Outcome outcome;
        try {
            outcome = action.body().get();
        } catch (ApiException e) {
            outcome = firstSeen(Outcome.error(e.kind()), e);
        } catch (RuntimeException e) {
            outcome = firstSeen(Outcome.error(e.getClass().getSimpleName()), e);
        }
        long completed = System.nanoTime();
        if (measured && inFlight.remove(id) != null) {
            stats.record(action.name(), outcome, completed - due, completed);
        }
    }

    /** Says the first time each kind of error occurs (warm-up included), with its detail. */
    private Outcome firstSeen(Outcome error, RuntimeException e) {
        if (errorKindsSeen.add(error.label())) {
            Log.step("first error of its kind: %s", e.getMessage());
        }
        return error;
    }

    /** Records actions still running after the drain period as errors, and stops waiting for them. */
    private void abandonInFlight() {
        for (Long id : inFlight.keySet()) {
            String name = inFlight.remove(id);
            if (name != null) {
                stats.record(name, Outcome.error("unfinished " + DRAIN.toSeconds() + "s after the load"), 0, System.nanoTime());
            }
        }
    }

    private void progress(long elapsed) {
        ActionStats all = stats.overall();
        Log.step("  %ds: %d completed, %d errors, %d in flight", TimeUnit.NANOSECONDS.toSeconds(elapsed),
                all.completed(), all.errors(), inFlight.size());
    }

    private static void sleepUntil(long due) {
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }
}
