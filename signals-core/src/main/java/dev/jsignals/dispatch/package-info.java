/**
 * The signal dispatcher, as Django's {@code django.dispatch}: a {@link
 * dev.jsignals.dispatch.Signal} that receivers connect to and senders send events through, the
 * connection handles, the responses, mute and capture. It knows nothing of models; the model
 * signals built on it are in {@code dev.jsignals.core}.
 *
 * <p>Every parameter and return value is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.jsignals.dispatch;

import org.jspecify.annotations.NullMarked;
