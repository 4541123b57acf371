package io.vfmigrate.workflow.migrate;

import java.util.Optional;

/**
 * How a migration ran and what was predicted for it.
 *
 * @param switchoverAck QEMU's switchover-ack as the running job had it; empty when not read
 * @param parallelConnections multifd channels ({@code --parallel-connections}); 0 for none
 * @param prediction the prediction made before it started, when there was one
 */
public record MigrationTuning(
    Optional<Boolean> switchoverAck, int parallelConnections, Optional<PredictedTimes> prediction) {
  public static final MigrationTuning NONE =
      new MigrationTuning(Optional.empty(), 0, Optional.empty());
}
