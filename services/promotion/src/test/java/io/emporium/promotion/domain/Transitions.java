package io.emporium.promotion.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.function.Function;

/** Asserts a refused transition: it throws, names the aggregate, its id and its current state, and is a StateConflict. */
final class Transitions {

    private Transitions() {
    }

    static <T> void refused(T aggregate, Function<T, T> transition, String what, String id, Enum<?> current, Enum<?> target) {
        IllegalPromotionTransition refused = catchThrowableOfType(IllegalPromotionTransition.class,
                () -> transition.apply(aggregate));
        assertThat(refused).as("%s %s from %s to %s must be refused", what, id, current, target).isNotNull();
        assertThat(refused.getMessage()).isEqualTo(what + " " + id + " is " + current + " and cannot become " + target);
        assertThat(refused).as("a conflict with the current state (409 at the edge)").isInstanceOf(io.emporium.kernel.StateConflict.class);
        assertThat(refused.type()).isEqualTo("illegal-promotion-transition");
        assertThat(refused.properties()).containsEntry("currentState", current.name())
                .containsEntry("requestedState", target.name());
    }
}
