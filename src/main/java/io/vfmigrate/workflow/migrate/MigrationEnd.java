package io.vfmigrate.workflow.migrate;

import io.vfmigrate.workflow.journal.OperationEnd;
import java.time.Instant;
import java.util.Optional;

/** The journal's record of how a migration ended; unknown statistics stay unknown. */
public final class MigrationEnd {
  private MigrationEnd() {}

  public static OperationEnd of(MigrationResult r, Instant ended) {
    boolean migrated = r.outcome() == MigrationOutcome.MIGRATED;
    boolean started = migrated || r.totalTimeMs() > 0;
    return new OperationEnd(
        r.outcome().word(),
        ended,
        started ? Optional.of(r.totalTimeMs()) : Optional.empty(),
        r.downtimeMs(),
        started ? r.ramBytes() : Optional.empty(),
        started ? r.deviceStateBytes() : Optional.empty(),
        r.error()
            .orElse(
                r.refusals().stream()
                    .map(x -> x.guard() + ": " + x.reason())
                    .reduce((a, b) -> a + "; " + b)
                    .orElse("")));
  }
}
