package io.emporium.platform.problem;

import io.emporium.kernel.DomainException;
import io.emporium.kernel.RuleViolation;
import io.emporium.kernel.StateConflict;
import io.emporium.kernel.UnknownEntity;
import java.util.Map;

/**
 * The one table that gives each kind of domain exception its HTTP status, used where a domain exception leaves a
 * service: the {@link ProblemHandler} (a request that fails with one) and the in-process binding (a service's API
 * implementation that throws one to its caller, which then sees the same {@link ProblemException} the HTTP
 * binding would have made of the problem answer).
 */
public final class DomainProblems {

    /** Kind of domain exception → status; a subclass takes its nearest listed superclass's. */
    public static final Map<Class<? extends DomainException>, Integer> STATUS = Map.of(
            RuleViolation.class, 422,
            StateConflict.class, 409,
            UnknownEntity.class, 404);

    private DomainProblems() {
    }

    public static int statusOf(DomainException e) {
        for (Class<?> kind = e.getClass(); kind != null && kind != DomainException.class; kind = kind.getSuperclass()) {
            Integer status = STATUS.get(kind);
            if (status != null) {
                return status;
            }
        }
        throw new IllegalStateException(e.getClass().getName() + " is a domain exception of no kind in DomainProblems.STATUS");
    }

    /** The problem a domain exception is at the edge, with its type, detail and properties. */
    public static ProblemException toProblem(DomainException e) {
        ProblemException problem = switch (statusOf(e)) {
            case 404 -> new NotFoundException(e.type(), e.getMessage(), e.properties());
            case 409 -> new ConflictException(e.type(), e.getMessage(), e.properties());
            default -> new UnprocessableException(e.type(), e.getMessage(), e.properties());
        };
        problem.initCause(e);
        return problem;
    }
}
