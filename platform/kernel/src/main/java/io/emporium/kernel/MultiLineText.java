package io.emporium.kernel;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request field that holds multi-line text (a description, a reason): there, and only
 * there, the platform's edge accepts tab and newline (and CR before a newline). Every other string
 * that comes in is refused if it holds any control character.
 */
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface MultiLineText {
}
