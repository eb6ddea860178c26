/**
 * Model signals from Jdbi SQL Object writes.
 *
 * <p>Install {@link dev.jsignals.jdbi.SignalsPlugin} on a {@code Jdbi}, then mark DAO methods with
 * {@link dev.jsignals.jdbi.Inserts}, {@link dev.jsignals.jdbi.Updates}, {@link
 * dev.jsignals.jdbi.Saves}, {@link dev.jsignals.jdbi.Deletes}, {@link dev.jsignals.jdbi.M2MAdd},
 * {@link dev.jsignals.jdbi.M2MRemove}, {@link dev.jsignals.jdbi.M2MClear} or {@link
 * dev.jsignals.jdbi.M2MSet} (relations declared once with {@link dev.jsignals.jdbi.ManyToMany}).
 * Keys are the {@link dev.jsignals.jdbi.PrimaryKey} property, else {@code id}. Each write and its
 * receivers run in one transaction: the caller's, or one opened for the write.
 *
 * <p>Every parameter and return value is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.jsignals.jdbi;

import org.jspecify.annotations.NullMarked;
