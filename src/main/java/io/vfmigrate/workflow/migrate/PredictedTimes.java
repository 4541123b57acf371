package io.vfmigrate.workflow.migrate;

/**
 * A migration's predicted total time and downtime with their range.
 *
 * @param converges false when pre-copy would not converge at the expected dirty rate
 * @param basis where the inputs came from (measured, from the journal, assumed), in words
 */
public record PredictedTimes(
    long totalMs,
    long totalLowMs,
    long totalHighMs,
    long downtimeMs,
    long downtimeLowMs,
    long downtimeHighMs,
    boolean converges,
    String basis) {}
