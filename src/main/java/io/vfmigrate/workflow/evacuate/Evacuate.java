package io.vfmigrate.workflow.evacuate;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.workflow.evacuate.EvacuationPlan.Move;
import io.vfmigrate.workflow.evacuate.EvacuationPlan.Stuck;
import io.vfmigrate.workflow.evacuate.EvacuationResult.Outcome;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.migrate.Cancellation;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code evacuate}: moves every running VM off a host. It plans with the migration's guards ({@link
 * Planner}), names the VMs that cannot go anywhere before anything moves, then runs the migrations
 * concurrently within the per-PF cap and {@code --max-parallel} ({@link Schedule}), each through
 * the existing {@code migrate} workflow with its own rollback: a failing one does not stop the
 * others.
 */
public final class Evacuate {
  private final Fleet fleet;
  private final EventSink events;
  private final Cancellation cancellation;
  private final Optional<Children> journal;

  /**
   * @param events must accept events from several threads at once
   * @param journal where the migrations are journaled (empty for a dry run)
   */
  public Evacuate(
      Fleet fleet, EventSink events, Cancellation cancellation, Optional<Children> journal) {
    this.fleet = fleet;
    this.events = events;
    this.cancellation = cancellation;
    this.journal = journal;
  }

  public EvacuationResult run(EvacuateRequest r) {
    EvacuationPlan plan = new Planner(fleet, cancellation).plan(r);
    for (Move m : plan.moves()) {
      events.emit(
          new Event.VmEvacuation(
              m.vm(),
              "planned",
              m.destination(),
              0,
              "predicted total "
                  + m.predicted().totalMs()
                  + " ms, downtime "
                  + m.predicted().downtimeMs()
                  + " ms"));
    }
    for (Stuck s : plan.stuck()) {
      events.emit(new Event.VmEvacuation(s.vm(), "cannot-move", "", 0, s.reason()));
    }
    long planned = LowerBound.of(plan.moves(), Map.of(), plan.linkBytesPerSecond());
    if (r.dryRun()) {
      return new EvacuationResult(Outcome.PLANNED, plan, List.of(), Optional.empty(), planned);
    }
    if (plan.moves().isEmpty()) {
      return new EvacuationResult(
          plan.stuck().isEmpty() ? Outcome.EVACUATED : Outcome.REFUSED,
          plan,
          List.of(),
          Optional.empty(),
          0);
    }
    Instant began = fleet.get(r.source()).host().clock().now();
    TimeGate gate = new TimeGate();
    // On a simulated clock (the lab) the threads agree on when time moves (TimeGate).
    Fleet hosts =
        fleet.get(r.source()).host().clock().simulated() ? GatedHost.gate(fleet, gate) : fleet;
    ChildMigration child = new ChildMigration(hosts, events, cancellation, journal, r, began);
    List<Moved> moved =
        new Schedule(new Lanes(fleet, r.source(), r.maxParallel()), child, cancellation, gate)
            .run(plan.moves());
    Map<String, Moved> byVm = new HashMap<>();
    moved.forEach(m -> byVm.put(m.vm(), m));
    // A VM cancelled before its turn never started: it has no place in the makespan.
    List<Moved> ran = moved.stream().filter(Moved::began).toList();
    long first = ran.stream().mapToLong(Moved::startedMs).min().orElse(0);
    long last = ran.stream().mapToLong(Moved::endedMs).max().orElse(0);
    boolean all = plan.stuck().isEmpty() && moved.stream().allMatch(Moved::settled);
    boolean none =
        moved.stream()
            .allMatch(m -> m.outcome().equals("refused") || m.outcome().equals("not-started"));
    Outcome outcome = all ? Outcome.EVACUATED : none ? Outcome.REFUSED : Outcome.PARTIAL;
    return new EvacuationResult(
        outcome,
        plan,
        moved,
        ran.isEmpty() ? Optional.empty() : Optional.of(last - first),
        LowerBound.of(
            plan.moves().stream()
                .filter(m -> byVm.containsKey(m.vm()) && byVm.get(m.vm()).migrated())
                .toList(),
            byVm,
            plan.linkBytesPerSecond()));
  }
}
