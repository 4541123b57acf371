package io.vfmigrate.workflow.evacuate;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.ByteSize;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.DomainUsage;
import io.vfmigrate.workflow.attach.VfInventory;
import io.vfmigrate.workflow.evacuate.EvacuationPlan.Move;
import io.vfmigrate.workflow.evacuate.EvacuationPlan.Stuck;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.migrate.Cancellation;
import io.vfmigrate.workflow.migrate.Forecast;
import io.vfmigrate.workflow.migrate.Migrate;
import io.vfmigrate.workflow.migrate.MigrateRequest;
import io.vfmigrate.workflow.migrate.MigrationOutcome;
import io.vfmigrate.workflow.migrate.MigrationResult;
import io.vfmigrate.workflow.migrate.Refusal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans an evacuation with the migration's own guards: each running VM of the source is dry-run
 * migrated to each candidate destination ({@link Migrate} with {@code dryRun}: the card, firmware,
 * free prepared VFs, the per-PF cap and every prerequisite, and the predicted times). The VMs are
 * ordered longest predicted migration first, so the long ones share the link with the short ones
 * instead of running alone at the end; each goes to the destination with the most free prepared VFs
 * left once the VMs before it have theirs.
 */
public final class Planner {
  /** A ConnectX-7 VF's published device state: 300 MB pre-copy and 30 MB stop-copy. */
  static final long DEVICE_STATE_PER_VF = 330_000_000L;

  private final Fleet fleet;
  private final Cancellation cancellation;

  public Planner(Fleet fleet, Cancellation cancellation) {
    this.fleet = fleet;
    this.cancellation = cancellation;
  }

  /** A running VM of the source and what each destination's guards said. */
  private record Candidate(String vm, int vfs, long memory, Map<String, MigrationResult> dryRuns) {
    Optional<MigrationResult> best() {
      return dryRuns.values().stream()
          .filter(d -> d.outcome() == MigrationOutcome.PLANNED)
          .max(Comparator.comparingLong(Candidate::totalOf));
    }

    long predictedTotal() {
      return best().map(Candidate::totalOf).orElse(0L);
    }

    static long totalOf(MigrationResult d) {
      return d.tuning().prediction().map(p -> p.totalMs()).orElse(0L);
    }
  }

  public EvacuationPlan plan(EvacuateRequest r) {
    ManagedHost src = fleet.get(r.source());
    List<String> targets = destinations(r);
    Virsh virsh = new Virsh(src.host());
    List<Candidate> candidates = new ArrayList<>();
    List<String> notRunning = new ArrayList<>();
    for (String vm : virsh.listAllNames()) {
      Optional<String> state = virsh.domstate(vm);
      if (state.isEmpty()) {
        continue; // gone meanwhile
      }
      if (!"running".equals(state.get())) {
        notRunning.add(vm + " (" + state.get() + ")");
        continue;
      }
      DomainXml xml = virsh.dumpxml(vm);
      Map<String, MigrationResult> dryRuns = new LinkedHashMap<>();
      for (String dst : targets) {
        dryRuns.put(
            dst, new Migrate(fleet, EventSink.none(), cancellation).run(dryRun(r, vm, dst)));
      }
      candidates.add(
          new Candidate(
              vm,
              xml.hostdevInterfaces().size(),
              xml.memory().map(ByteSize::bytes).orElse(0L),
              dryRuns));
    }
    candidates.sort(Comparator.comparingLong((Candidate c) -> c.predictedTotal()).reversed());
    Map<String, Long> free = new LinkedHashMap<>();
    Map<String, Integer> total = new LinkedHashMap<>();
    for (String dst : targets) {
      ManagedHost d = fleet.get(dst);
      VfInventory vfs = VfInventory.read(d.host(), DomainUsage.of(new Virsh(d.host())), d.pf());
      free.put(dst, vfs.freeCount());
      total.put(dst, vfs.all().size());
    }
    List<Move> moves = new ArrayList<>();
    List<Stuck> stuck = new ArrayList<>();
    for (Candidate c : candidates) {
      Optional<String> to =
          targets.stream()
              .filter(d -> c.dryRuns().get(d).outcome() == MigrationOutcome.PLANNED)
              .filter(d -> free.get(d) >= c.vfs())
              .max(Comparator.comparingLong(free::get));
      if (to.isPresent()) {
        free.merge(to.get(), (long) -c.vfs(), Long::sum);
        MigrationResult d = c.dryRuns().get(to.get());
        moves.add(
            new Move(
                c.vm(),
                to.get(),
                c.vfs(),
                c.memory(),
                c.vfs() * DEVICE_STATE_PER_VF,
                d.tuning().prediction().orElseThrow()));
      } else {
        stuck.add(stuck(c, free, total));
      }
    }
    long link =
        Forecast.linkSpeed(src.host(), src.pf()).orElse(Forecast.ASSUMED_LINK_BYTES_PER_SECOND);
    return new EvacuationPlan(r.source(), moves, stuck, notRunning, link);
  }

  private List<String> destinations(EvacuateRequest r) {
    if (!r.destinations().isEmpty()) {
      r.destinations().forEach(fleet::get);
      return r.destinations();
    }
    fleet.get(r.source());
    return fleet.names().stream().filter(n -> !n.equals(r.source())).toList();
  }

  private static MigrateRequest dryRun(EvacuateRequest r, String vm, String dst) {
    return MigrateRequest.builder(vm, r.source(), dst).dryRun(true).verify(r.verify()).build();
  }

  /** Why a VM goes nowhere: each destination's refusals, or VFs the VMs before it took. */
  private static Stuck stuck(Candidate c, Map<String, Long> free, Map<String, Integer> total) {
    List<String> reasons = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    for (Map.Entry<String, MigrationResult> e : c.dryRuns().entrySet()) {
      String dst = e.getKey();
      MigrationResult d = e.getValue();
      if (d.outcome() == MigrationOutcome.PLANNED) {
        reasons.add(
            "to "
                + dst
                + ": [destination-vf] its free prepared VFs go to the VMs planned before "
                + c.vm()
                + " ("
                + free.get(dst)
                + " left, "
                + c.vfs()
                + " needed)");
        fixes.add(
            "vfmigrate prepare --host "
                + dst
                + " --vfs "
                + (total.get(dst) + c.vfs() - free.get(dst))
                + " (VF count changes are refused while a VM uses one: migrate it first)");
        continue;
      }
      for (Refusal refusal : d.refusals()) {
        reasons.add("to " + dst + ": [" + refusal.guard() + "] " + refusal.reason());
        if (!refusal.fix().isBlank() && !fixes.contains(refusal.fix())) {
          fixes.add(refusal.fix());
        }
      }
      if (d.refusals().isEmpty()) {
        reasons.add("to " + dst + ": " + d.outcome().word());
      }
    }
    if (reasons.isEmpty()) {
      reasons.add("no other host to go to");
      fixes.add("add a destination host to the inventory");
    }
    return new Stuck(c.vm(), String.join("; ", reasons), String.join("; ", fixes));
  }
}
