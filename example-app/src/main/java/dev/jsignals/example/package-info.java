/**
 * The Food App: a command-line program on an embedded SQLite file in which every new user gets a
 * profile through {@code post_save}, and favourite counts follow {@code m2m_changed}.
 */
@NullMarked
package dev.jsignals.example;

import org.jspecify.annotations.NullMarked;
