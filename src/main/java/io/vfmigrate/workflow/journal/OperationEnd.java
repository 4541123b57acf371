package io.vfmigrate.workflow.journal;

import java.time.Instant;
import java.util.Optional;

/**
 * How an operation ended. {@code outcome} is the command's own word (migrated, rolled-back,
 * refused, failed, applied, ...). Statistics are empty when unknown, never zero for unknown.
 */
public record OperationEnd(
    String outcome,
    Instant ended,
    Optional<Long> totalTimeMs,
    Optional<Long> downtimeMs,
    Optional<Long> ramBytes,
    Optional<Long> deviceStateBytes,
    String detail) {
  public static OperationEnd of(String outcome, Instant ended, String detail) {
    return new OperationEnd(
        outcome,
        ended,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        detail);
  }
}
