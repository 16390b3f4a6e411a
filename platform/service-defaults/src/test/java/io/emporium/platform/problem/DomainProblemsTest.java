package io.emporium.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.kernel.DomainException;
import io.emporium.kernel.RuleViolation;
import io.emporium.kernel.StateConflict;
import io.emporium.kernel.UnknownEntity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainProblemsTest {

    /** As a service's {@code Illegal*Transition} is: a kind of its own under a listed one. */
    static class IllegalWidgetTransition extends StateConflict {
        IllegalWidgetTransition() {
            super("illegal-widget-transition", "widget w1 is SOLD and cannot become DRAFT", Map.of("currentState", "SOLD"));
        }
    }

    /** A kind the table does not list. */
    static class Unlisted extends DomainException {
        Unlisted() {
            super("unlisted", "no kind", Map.of());
        }
    }

    @Test
    void each_kind_has_its_status_and_a_subclass_takes_its_kinds() {
        assertThat(DomainProblems.statusOf(new RuleViolation("invalid-quantity", "at least 1"))).isEqualTo(422);
        assertThat(DomainProblems.statusOf(new StateConflict("duplicate-sku-code", "used twice"))).isEqualTo(409);
        assertThat(DomainProblems.statusOf(new UnknownEntity("unknown-sku", "no such SKU"))).isEqualTo(404);
        assertThat(DomainProblems.statusOf(new IllegalWidgetTransition())).isEqualTo(409);
        assertThatThrownBy(() -> DomainProblems.statusOf(new Unlisted())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("of no kind");
    }

    @Test
    void the_problem_keeps_type_detail_and_properties() {
        ProblemException problem = DomainProblems.toProblem(new IllegalWidgetTransition());
        assertThat(problem).isInstanceOf(ConflictException.class).hasCauseInstanceOf(IllegalWidgetTransition.class);
        assertThat(problem.status()).isEqualTo(409);
        assertThat(problem.type()).isEqualTo("illegal-widget-transition");
        assertThat(problem.getMessage()).isEqualTo("widget w1 is SOLD and cannot become DRAFT");
        assertThat(problem.properties()).containsEntry("currentState", "SOLD");
        assertThat(DomainProblems.toProblem(new RuleViolation("r", "d"))).isInstanceOf(UnprocessableException.class);
        assertThat(DomainProblems.toProblem(new UnknownEntity("u", "d"))).isInstanceOf(NotFoundException.class);
    }
}
