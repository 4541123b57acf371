package io.vfmigrate.workflow.journal;

/**
 * What vfmigrate predicted for a migration before it started: total time and downtime with their
 * ranges, whether pre-copy would converge, and where the inputs came from ({@code basis}).
 */
public record PredictionRecord(
    long totalMs,
    long totalLowMs,
    long totalHighMs,
    long downtimeMs,
    long downtimeLowMs,
    long downtimeHighMs,
    boolean converges,
    String basis) {}
