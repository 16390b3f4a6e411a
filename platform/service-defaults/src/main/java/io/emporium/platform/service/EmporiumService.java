package io.emporium.platform.service;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Declares a service, once, on its configuration class: its name, its schema and the services
 * whose APIs it uses. The class is also listed in its module's
 * {@code META-INF/spring/io.emporium.platform.service.EmporiumService.imports}; that is how the
 * launcher ({@link ServiceConfigurations}), {@code --services} ({@link ServiceSelection}), the
 * architecture test and the documentation test find every service without a list of them.
 * The configuration registers itself only when this process runs the service.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnServiceCondition.class)
public @interface EmporiumService {

    /** The service name, as in {@code emporium.services}; its code lives in {@code io.emporium.<name>}. */
    String name();

    /** The database schema it owns; empty when it has none. */
    String schema() default "";

    /**
     * The services whose {@code api} packages it uses (calls, events, records). The architecture
     * test holds this to the code, in both directions, and it fixes the start order.
     */
    String[] uses() default {};
}
