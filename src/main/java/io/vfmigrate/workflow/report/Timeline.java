package io.vfmigrate.workflow.report;

import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.journal.ClaimRecord;
import io.vfmigrate.workflow.journal.Journal;
import io.vfmigrate.workflow.journal.OperationRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An evacuation's migrations on one time line, and how many VFs migrated at once on the busiest PF:
 * from the migration slots the migrations claimed (one per VF on the source and on the destination
 * PF), or from the migrations themselves when the journal has no slot claim.
 */
final class Timeline {
  private Timeline() {}

  static EvacuationFacts of(
      Journal journal, OperationRecord evacuation, List<MigrationFacts> children) {
    Instant origin = evacuation.started();
    List<Lane> lanes = new ArrayList<>();
    for (MigrationFacts m : children) {
      lanes.add(
          new Lane(
              m, Reports.since(origin, m.started()), m.ended().map(e -> Reports.since(origin, e))));
    }
    long horizon =
        evacuation
            .end()
            .map(e -> Reports.since(origin, e.ended()))
            .orElse(lanes.stream().mapToLong(l -> l.endMs().orElse(l.startMs())).max().orElse(0));
    Map<String, TreeMap<Long, Integer>> changes = new LinkedHashMap<>();
    for (Lane lane : lanes) {
      for (ClaimRecord c : journal.claims(lane.migration().id())) {
        if (Reports.slot(c)) {
          TreeMap<Long, Integer> pf = changes.computeIfAbsent(where(c), k -> new TreeMap<>());
          pf.merge(Reports.since(origin, c.taken()), 1, Integer::sum);
          long released =
              c.released().map(r -> Reports.since(origin, r)).orElse(lane.endMs().orElse(horizon));
          pf.merge(released, -1, Integer::sum);
        }
      }
    }
    if (changes.isEmpty()) {
      TreeMap<Long, Integer> running = new TreeMap<>();
      for (Lane lane : lanes) {
        running.merge(lane.startMs(), 1, Integer::sum);
        running.merge(lane.endMs().orElse(horizon), -1, Integer::sum);
      }
      changes.put("migrations", running);
    }
    List<Occupancy> occupancy = busiest(changes);
    int peak = occupancy.stream().mapToInt(Occupancy::count).max().orElse(0);
    Optional<Long> first = lanes.stream().map(Lane::startMs).min(Comparator.naturalOrder());
    boolean allEnded = lanes.stream().allMatch(l -> l.endMs().isPresent());
    Figure makespan =
        lanes.isEmpty()
            ? Figure.unknown("the evacuation has no migrations in the journal")
            : !allEnded
                ? Figure.unknown("a migration of the evacuation never ended")
                : Figure.known(
                    lanes.stream().mapToLong(l -> l.endMs().orElseThrow()).max().orElseThrow()
                        - first.orElseThrow());
    return new EvacuationFacts(lanes, occupancy, Claims.SLOTS_PER_PF, peak, makespan);
  }

  /** "host PF" of a slot claim /run/vfmigrate/slots/PF/slot-N. */
  private static String where(ClaimRecord c) {
    String[] parts = c.path().split("/");
    return c.host() + " " + (parts.length >= 2 ? parts[parts.length - 2] : c.path());
  }

  /** At each instant any count changes, the largest count of any PF, and which PF it is. */
  static List<Occupancy> busiest(Map<String, TreeMap<Long, Integer>> changes) {
    TreeMap<Long, Boolean> instants = new TreeMap<>();
    changes.values().forEach(m -> m.keySet().forEach(t -> instants.put(t, true)));
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<Occupancy> out = new ArrayList<>();
    for (long t : instants.keySet()) {
      String top = "";
      int max = 0;
      for (Map.Entry<String, TreeMap<Long, Integer>> pf : changes.entrySet()) {
        int n = counts.merge(pf.getKey(), pf.getValue().getOrDefault(t, 0), Integer::sum);
        if (n > max || top.isEmpty()) {
          max = Math.max(n, max);
          top = pf.getKey();
        }
      }
      if (out.isEmpty() || out.get(out.size() - 1).count() != max) {
        out.add(new Occupancy(t, max, top));
      }
    }
    return out;
  }
}
