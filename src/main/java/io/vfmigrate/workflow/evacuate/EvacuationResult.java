package io.vfmigrate.workflow.evacuate;

import io.vfmigrate.workflow.evacuate.EvacuationPlan.Stuck;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How an evacuation ended.
 *
 * @param makespanMs from the first migration's start to the last one's end (empty for a dry run)
 * @param lowerBoundMs the shortest an evacuation of these VMs can take ({@link LowerBound})
 */
public record EvacuationResult(
    Outcome outcome,
    EvacuationPlan plan,
    List<Moved> migrations,
    Optional<Long> makespanMs,
    long lowerBoundMs) {
  public EvacuationResult {
    migrations = List.copyOf(migrations);
  }

  /** The outcome words of {@code evacuate --json}. */
  public enum Outcome {
    /** Every running VM left the source and was verified where it went. */
    EVACUATED,
    /** Some VMs moved and some did not (or one needs a person). */
    PARTIAL,
    /** No VM could move; nothing was changed. */
    REFUSED,
    /** A dry run. */
    PLANNED;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public List<Stuck> cannotMove() {
    return plan.stuck();
  }

  /** Cancelled before the first migration began: every VM stayed, nothing was changed. */
  public boolean noneBegan() {
    return !migrations.isEmpty() && migrations.stream().noneMatch(Moved::began);
  }

  /** makespan / lower bound, when both are known. */
  public Optional<Double> ratio() {
    return makespanMs.filter(m -> lowerBoundMs > 0).map(m -> (double) m / lowerBoundMs);
  }

  /** For the journal: the figures first, then where each VM is. */
  public String summary() {
    return new EvacuationSummary(
            makespanMs,
            lowerBoundMs,
            migrations.stream()
                .map(m -> new EvacuationSummary.Placement(m.vm(), m.where(), m.outcome()))
                .toList(),
            plan.stuck().stream()
                .map(st -> new EvacuationSummary.Stay(st.vm(), plan.source(), st.reason()))
                .toList())
        .text();
  }
}
