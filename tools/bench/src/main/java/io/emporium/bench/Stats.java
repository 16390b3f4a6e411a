package io.emporium.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** Statistics of the measured period, per action name and overall. */
final class Stats {

    private final Map<String, ActionStats> byAction = new ConcurrentSkipListMap<>();
    private final ActionStats overall = new ActionStats();

    void record(String action, Outcome outcome, long latencyNanos, long completedAt) {
        byAction.computeIfAbsent(action, k -> new ActionStats()).record(outcome, latencyNanos, completedAt);
        overall.record(outcome, latencyNanos, completedAt);
    }

    Map<String, ActionStats> byAction() {
        return byAction;
    }

    ActionStats action(String name) {
        return byAction.getOrDefault(name, new ActionStats());
    }

    ActionStats overall() {
        return overall;
    }
}
