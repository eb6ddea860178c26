package dev.jsignals.jdbi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code Set<String>} parameter of an {@link Updates} method that gives the events'
 * {@code updateFields}: {@code null} for all fields, an empty set to skip the write and both
 * signals.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface UpdateFields {}
