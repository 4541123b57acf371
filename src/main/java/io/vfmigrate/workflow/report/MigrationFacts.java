package io.vfmigrate.workflow.report;

import io.vfmigrate.workflow.journal.DowntimeLimit;
import io.vfmigrate.workflow.journal.PredictionRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the journal holds about one migration, as a report shows it. Figures nobody measured
 * are unknown with their reason, never 0.
 */
public record MigrationFacts(
    String id,
    String vm,
    String source,
    String destination,
    String outcome,
    Instant started,
    Optional<Instant> ended,
    String detail,
    Figure totalTimeMs,
    Figure ramBytes,
    Figure deviceStateBytes,
    List<Point> points,
    List<Pass> passes,
    List<DowntimeLimit> downtimeLimits,
    Switchover switchover,
    Verification verification,
    Optional<PredictionRecord> prediction,
    List<StepLine> steps) {
  public MigrationFacts {
    points = List.copyOf(points);
    passes = List.copyOf(passes);
    downtimeLimits = List.copyOf(downtimeLimits);
    steps = List.copyOf(steps);
  }
}
