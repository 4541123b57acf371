package io.vfmigrate.workflow.report;

import java.util.List;

/**
 * An evacuation's migrations on one time line, the concurrency over time against the per-PF cap,
 * the largest concurrency seen, and the makespan (first start to last end of its migrations).
 */
public record EvacuationFacts(
    List<Lane> lanes, List<Occupancy> occupancy, int cap, int peak, Figure makespanMs) {
  public EvacuationFacts {
    lanes = List.copyOf(lanes);
    occupancy = List.copyOf(occupancy);
  }
}
