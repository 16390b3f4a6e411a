package io.emporium.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker finds what it is meant to find, so a clean history means something. */
class LockHistoryTest {

    @Test
    void finds_overlaps_and_tokens_that_do_not_increase() {
        assertThat(LockHistory.violations(List.of(new LockHistory.Tenure(1, 0, 10), new LockHistory.Tenure(2, 10, 20)))).isEmpty();
        assertThat(LockHistory.violations(List.of(new LockHistory.Tenure(1, 0, 10), new LockHistory.Tenure(2, 5, 20))))
                .anyMatch(v -> v.contains("overlap"));
        assertThat(LockHistory.violations(List.of(new LockHistory.Tenure(5, 0, 10), new LockHistory.Tenure(3, 11, 20))))
                .anyMatch(v -> v.contains("did not increase"));
    }
}
