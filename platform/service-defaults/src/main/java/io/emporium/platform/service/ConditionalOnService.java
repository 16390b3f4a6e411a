package io.emporium.platform.service;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/** Registers a service's configuration only when this process runs that service. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Conditional(OnServiceCondition.class)
public @interface ConditionalOnService {

    /** The service name, as in {@code emporium.services}. */
    String value();
}
