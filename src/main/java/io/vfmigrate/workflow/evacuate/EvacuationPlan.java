package io.vfmigrate.workflow.evacuate;

import io.vfmigrate.workflow.migrate.PredictedTimes;
import java.util.List;

/**
 * Where each running VM of the source goes, in the order the evacuation starts them (longest
 * predicted migration first), and the VMs that cannot go anywhere, with the reason.
 *
 * @param linkBytesPerSecond the migration link's bandwidth (the source PF's speed)
 * @param notRunning VMs defined on the source that do not run (live migration moves running VMs)
 */
public record EvacuationPlan(
    String source,
    List<Move> moves,
    List<Stuck> stuck,
    List<String> notRunning,
    long linkBytesPerSecond) {
  public EvacuationPlan {
    moves = List.copyOf(moves);
    stuck = List.copyOf(stuck);
    notRunning = List.copyOf(notRunning);
  }

  /**
   * One VM's migration.
   *
   * @param vfs how many VFs it moves (each takes a slot of the source and the destination PF)
   * @param memoryBytes its RAM, every byte of which crosses the link at least once
   * @param deviceStateBytes its VFs' device state as predicted
   */
  public record Move(
      String vm,
      String destination,
      int vfs,
      long memoryBytes,
      long deviceStateBytes,
      PredictedTimes predicted) {}

  /** A VM that cannot go anywhere: why, and what would fix it. */
  public record Stuck(String vm, String reason, String fix) {}
}
