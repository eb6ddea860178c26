package dev.jsignals.kafka;

/** A test model: a record. */
record Dish(long id, String name) {}
