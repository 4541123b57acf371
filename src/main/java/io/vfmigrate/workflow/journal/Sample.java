package io.vfmigrate.workflow.journal;

import java.time.Instant;
import java.util.Optional;

/**
 * A progress sample of a migration: RAM and VF device-state bytes at one instant, and the pre-copy
 * pass (QEMU's dirty-sync-count) it was in; {@code iteration} is empty when unknown (samples of a
 * journal older than schema version 3).
 */
public record Sample(
    Instant at,
    long elapsedMs,
    String phase,
    long bytesDone,
    long bytesTotal,
    long deviceStateBytes,
    long bytesPerSecond,
    Optional<Long> iteration) {
  /** A sample whose pre-copy pass is unknown. */
  public Sample(
      Instant at,
      long elapsedMs,
      String phase,
      long bytesDone,
      long bytesTotal,
      long deviceStateBytes,
      long bytesPerSecond) {
    this(
        at,
        elapsedMs,
        phase,
        bytesDone,
        bytesTotal,
        deviceStateBytes,
        bytesPerSecond,
        Optional.empty());
  }
}
