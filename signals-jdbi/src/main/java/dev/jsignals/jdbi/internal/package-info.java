/**
 * The machinery behind the annotations of {@code dev.jsignals.jdbi}: what Jdbi instantiates when a
 * DAO is attached. Not an API: nothing here is exported.
 */
@NullMarked
package dev.jsignals.jdbi.internal;

import org.jspecify.annotations.NullMarked;
