package io.vfmigrate.workflow.evacuate;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.evacuate.EvacuationPlan.Move;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many migrations an evacuation runs at once: at most {@code maxParallel}, and on each PF (the
 * source's and each destination's) at most {@value Claims#SLOTS_PER_PF} VFs migrating. A migration
 * holds its lane from its start until its transfer has ended.
 */
final class Lanes {
  private final Fleet fleet;
  private final String source;
  private final int maxParallel;
  private final Map<String, Integer> vfsOnPf = new HashMap<>();
  private int migrations;

  Lanes(Fleet fleet, String source, int maxParallel) {
    this.fleet = fleet;
    this.source = source;
    this.maxParallel = maxParallel;
  }

  private List<String> pfs(Move m) {
    return List.of(
        source + " " + fleet.get(source).pf(),
        m.destination() + " " + fleet.get(m.destination()).pf());
  }

  boolean fits(Move m) {
    if (migrations >= maxParallel) {
      return false;
    }
    return pfs(m).stream()
        .allMatch(pf -> vfsOnPf.getOrDefault(pf, 0) + m.vfs() <= Claims.SLOTS_PER_PF);
  }

  void take(Move m) {
    migrations++;
    pfs(m).forEach(pf -> vfsOnPf.merge(pf, m.vfs(), Integer::sum));
  }

  void give(Move m) {
    migrations--;
    pfs(m).forEach(pf -> vfsOnPf.merge(pf, -m.vfs(), Integer::sum));
  }

  int running() {
    return migrations;
  }
}
