package io.emporium.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The platform's limit on a trivial endpoint: CLIENTS clients each sending the next request as soon as
 * the previous one is answered, for DURATION. Closed loop on purpose: it finds the maximum, it does not
 * measure latency.
 */
final class ClosedLoopBurst {

    static final int CLIENTS = 16;
    static final Duration DURATION = Duration.ofSeconds(10);

    private ClosedLoopBurst() {
    }

    /** Successful requests per second to the liveness probe. */
    static double run(Api api) throws InterruptedException {
        Log.step("Platform limit: %d closed-loop clients on %s for %ss", CLIENTS, BaselineScenario.LIVENESS, DURATION.toSeconds());
        LongAdder answered = new LongAdder();
        LongAdder failed = new LongAdder();
        long start = System.nanoTime();
        long deadline = start + DURATION.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        api.get("liveness", BaselineScenario.LIVENESS, null);
                        answered.increment();
                    } catch (ApiException e) {
                        failed.increment();
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        if (failed.sum() > 0) {
            Log.step("Platform limit: %d requests failed", failed.sum());
        }
        return answered.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
