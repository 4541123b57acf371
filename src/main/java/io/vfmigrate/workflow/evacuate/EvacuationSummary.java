package io.vfmigrate.workflow.evacuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An evacuation's end as the journal keeps it in its detail: {@code makespan_ms=N lower_bound_ms=M;
 * vm1 on dst (migrated); vm6 stays on src (cannot move: REASON)} (README, {@code evacuate}).
 * Written by {@link #text()}, read back by {@link #parse} for the report and {@code history}.
 *
 * @param makespanMs from the first migration's start to the last one's end (empty for none)
 * @param lowerBoundMs the shortest an evacuation of these VMs can take
 * @param placements where each VM that evacuate tried to move is
 * @param stays the VMs that could not move, with why
 */
public record EvacuationSummary(
    Optional<Long> makespanMs, long lowerBoundMs, List<Placement> placements, List<Stay> stays) {
  private static final Pattern FIGURES =
      Pattern.compile("(?:makespan_ms=(\\d+) )?lower_bound_ms=(\\d+)");
  private static final Pattern PLACED = Pattern.compile("(\\S+) on (\\S+) \\(([a-z-]+)\\)");
  private static final Pattern STAYS = Pattern.compile("(\\S+) stays on (\\S+) \\(cannot move: ");

  public EvacuationSummary {
    placements = List.copyOf(placements);
    stays = List.copyOf(stays);
  }

  /** A VM evacuate tried to move: where it is now, and its migration's outcome. */
  public record Placement(String vm, String where, String outcome) {}

  /** A VM that stayed on the source because it could not go anywhere. */
  public record Stay(String vm, String source, String reason) {}

  /** makespan / lower bound, when both are known. */
  public Optional<Double> ratio() {
    return makespanMs.filter(m -> lowerBoundMs > 0).map(m -> (double) m / lowerBoundMs);
  }

  /** The journal's form. */
  public String text() {
    StringBuilder s = new StringBuilder();
    makespanMs.ifPresent(m -> s.append("makespan_ms=").append(m).append(' '));
    s.append("lower_bound_ms=").append(lowerBoundMs);
    for (Placement p : placements) {
      s.append("; ").append(p.vm()).append(" on ").append(p.where());
      s.append(" (").append(p.outcome()).append(')');
    }
    for (Stay st : stays) {
      s.append("; ").append(st.vm()).append(" stays on ").append(st.source());
      s.append(" (cannot move: ").append(st.reason()).append(')');
    }
    return s.toString();
  }

  /**
   * The summary in a journal detail, or empty when the detail is not one (e.g. what {@code recover}
   * writes for an interrupted evacuation, which is words already). A reason may itself hold "; "
   * (one per destination): the parts after a stay that start no entry belong to it.
   */
  public static Optional<EvacuationSummary> parse(String detail) {
    String[] parts = detail.split("; ", -1);
    Matcher figures = FIGURES.matcher(parts[0]);
    if (!figures.matches()) {
      return Optional.empty();
    }
    List<Placement> placements = new ArrayList<>();
    List<Stay> stays = new ArrayList<>();
    String[] stay = null;
    StringBuilder reason = new StringBuilder();
    for (int i = 1; i < parts.length; i++) {
      Matcher placed = PLACED.matcher(parts[i]);
      Matcher stays0 = STAYS.matcher(parts[i]);
      if (stays0.lookingAt()) {
        addStay(stays, stay, reason);
        stay = new String[] {stays0.group(1), stays0.group(2)};
        reason.setLength(0);
        reason.append(parts[i].substring(stays0.end()));
      } else if (stay == null && placed.matches()) {
        placements.add(new Placement(placed.group(1), placed.group(2), placed.group(3)));
      } else if (stay != null) {
        reason.append("; ").append(parts[i]);
      } else {
        return Optional.empty();
      }
    }
    addStay(stays, stay, reason);
    return Optional.of(
        new EvacuationSummary(
            Optional.ofNullable(figures.group(1)).map(Long::parseLong),
            Long.parseLong(figures.group(2)),
            placements,
            stays));
  }

  private static void addStay(List<Stay> stays, String[] stay, StringBuilder reason) {
    if (stay == null) {
      return;
    }
    String r = reason.toString();
    stays.add(new Stay(stay[0], stay[1], r.endsWith(")") ? r.substring(0, r.length() - 1) : r));
  }
}
