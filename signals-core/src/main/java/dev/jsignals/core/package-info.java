/**
 * The application-facing side: the five model signals and their events, {@link
 * dev.jsignals.core.Receiver} methods and their discovery.
 *
 * <p>Start from {@link dev.jsignals.core.Signals}: it holds {@code pre_save}, {@code post_save},
 * {@code pre_delete}, {@code post_delete}, {@code m2m_changed} and any custom {@link
 * dev.jsignals.dispatch.Signal}. Receivers are lambdas ({@link dev.jsignals.dispatch.Listener}) or
 * methods annotated with {@link dev.jsignals.core.Receiver}.
 *
 * <p>Every parameter and return value is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.jsignals.core;

import org.jspecify.annotations.NullMarked;
