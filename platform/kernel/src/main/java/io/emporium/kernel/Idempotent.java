package io.emporium.kernel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A service API operation that has its effect at most once however often it is called with the same
 * arguments (a query, or a command keyed by the ids it carries). The HTTP binding retries such a call
 * when the answer was lost or the instance was overloaded; GET, PUT and DELETE operations are idempotent
 * by their method and need not say so. A POST without it is sent again only when it never left this
 * process (the connection was refused).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent {
}
