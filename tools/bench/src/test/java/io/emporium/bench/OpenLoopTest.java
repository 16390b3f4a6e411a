package io.emporium.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

    /** A "platform" that serves one request at a time, 100 ms each. */
    private static final class SlowSerialScenario implements Scenario {
        private final ReentrantLock server = new ReentrantLock();
        final AtomicInteger warmUpActions = new AtomicInteger();

        @Override
        public void prepare() {
        }

        @Override
        public Action next(boolean warmingUp) {
            if (warmingUp) {
                warmUpActions.incrementAndGet();
                return new Action("warm-up", () -> Outcome.OK);
            }
            return new Action("slow", () -> {
                server.lock();
                try {
                    Thread.sleep(100);
                    return Outcome.OK;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    server.unlock();
                }
            });
        }
    }

    @Test
    void latencyCountsTheWaitBehindEarlierActions() throws InterruptedException {
        SlowSerialScenario scenario = new SlowSerialScenario();
        OpenLoop.Result result = new OpenLoop(scenario, 20, Duration.ofMillis(500), Duration.ofSeconds(1)).run();

        ActionStats slow = result.stats().action("slow");
        assertEquals(20, result.scheduled());
        assertEquals(20, slow.ok());
        assertEquals(10, scenario.warmUpActions.get());
        assertEquals(20, result.stats().overall().completed(), "warm-up actions are not recorded");
        // 20 actions of 100 ms each are due within 1 s: the last one waits about 1 s behind the others.
        // Timed from the actual send, every action would take 100 ms.
        assertTrue(slow.maxMillis() > 900, "max " + slow.maxMillis());
        assertTrue(slow.percentileMillis(50) > 400, "p50 " + slow.percentileMillis(50));
    }
}
