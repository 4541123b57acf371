package io.vfmigrate.workflow.migrate;

/**
 * A migration's predicted total time and downtime with their range.
 *
 * @param converges false when pre-copy would not converge at the expected dirty rate
 * @param basis where the inputs came from (measured, from the journal, assumed), in words
 * @param modelTotalMs what the model alone predicted, before calibration on past migrations
 * @param modelDowntimeMs the model's downtime, before calibration
 */
public record PredictedTimes(
    long totalMs,
    long totalLowMs,
    long totalHighMs,
    long downtimeMs,
    long downtimeLowMs,
    long downtimeHighMs,
    boolean converges,
    String basis,
    long modelTotalMs,
    long modelDowntimeMs) {
  /** The model's prediction, not calibrated: its own figures are the ones shown. */
  public PredictedTimes(
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
        totalMs,
        downtimeMs);
  }
}
