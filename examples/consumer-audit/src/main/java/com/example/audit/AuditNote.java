package com.example.audit;

/**
 * A custom event: a line for the audit log.
 *
 * @param text the line
 */
public record AuditNote(String text) {}
