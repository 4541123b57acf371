package io.vfmigrate.workflow.report;

/**
 * The journaled verification in the guest: {@code state} is {@code passed}, {@code failed}, {@code
 * running} or {@code not-run}; {@code detail} says what failed or why it did not run.
 */
public record Verification(String state, String host, long durationMs, String detail) {}
