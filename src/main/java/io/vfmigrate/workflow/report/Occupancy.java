package io.vfmigrate.workflow.report;

/**
 * From {@code atMs} (since the evacuation started) on, {@code count} VFs migrate on the busiest PF
 * ({@code where}: host and PF, or "migrations" when no slot claim was journaled).
 */
public record Occupancy(long atMs, int count, String where) {}
