package io.vfmigrate.workflow.journal;

import java.util.Optional;

/**
 * What vfmigrate predicted for a migration before it started: total time and downtime with their
 * ranges, whether pre-copy would converge, and where the inputs came from ({@code basis}).
 *
 * @param model the model's own figures before calibration on the journal's past migrations (empty
 *     in migrations journaled before vfmigrate kept them)
 */
public record PredictionRecord(
    long totalMs,
    long totalLowMs,
    long totalHighMs,
    long downtimeMs,
    long downtimeLowMs,
    long downtimeHighMs,
    boolean converges,
    String basis,
    Optional<Model> model) {
  /** What the model alone predicted: total time and downtime. */
  public record Model(long totalMs, long downtimeMs) {}

  /** A prediction without the model's own figures. */
  public PredictionRecord(
      long totalMs,
      long totalLowMs,
      long totalHighMs,
      long downtimeMs,
      long downtimeLowMs,
      long downtimeHighMs,
      boolean converges,
      String basis) {
    this(
        totalMs,
        totalLowMs,
        totalHighMs,
        downtimeMs,
        downtimeLowMs,
        downtimeHighMs,
        converges,
        basis,
        Optional.empty());
  }
}
