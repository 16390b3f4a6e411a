package io.emporium.coordination;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Checks a recorded lock history: no two tenures overlap, and tokens strictly increase in the order of tenure. */
final class LockHistory {

    record Tenure(long token, long acquiredAt, long releasedAt) {
    }

    private LockHistory() {
    }

    static List<String> violations(List<Tenure> history) {
        List<Tenure> byTime = history.stream().sorted(Comparator.comparingLong(Tenure::acquiredAt)).toList();
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < byTime.size(); i++) {
            Tenure before = byTime.get(i - 1);
            Tenure after = byTime.get(i);
            if (after.acquiredAt() < before.releasedAt()) {
                problems.add("tenures overlap: " + before + " and " + after);
            }
            if (after.token() <= before.token()) {
                problems.add("token did not increase: " + before.token() + " then " + after.token());
            }
        }
        return problems;
    }
}
