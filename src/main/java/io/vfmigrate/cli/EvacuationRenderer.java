package io.vfmigrate.cli;

import io.vfmigrate.model.Bandwidth;
import io.vfmigrate.workflow.evacuate.EvacuationPlan;
import io.vfmigrate.workflow.evacuate.EvacuationPlan.Move;
import io.vfmigrate.workflow.evacuate.EvacuationPlan.Stuck;
import io.vfmigrate.workflow.evacuate.EvacuationResult;
import io.vfmigrate.workflow.evacuate.Moved;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What {@code evacuate} prints: per-VM lines as they happen, then the plan or the summary. */
final class EvacuationRenderer {
  private EvacuationRenderer() {}

  /**
   * Per-VM events as lines; everything else (warnings, -v commands) as every command shows it. With
   * {@code planAtEnd} (a dry run) the plan's events are not shown: the plan printed at the end says
   * the same for every VM.
   */
  record Human(PrintWriter out, EventSink others, boolean planAtEnd) implements EventSink {
    @Override
    public void emit(Event event) {
      if (!(event instanceof Event.VmEvacuation e)) {
        others.emit(event);
        return;
      }
      if (planAtEnd && (e.phase().equals("planned") || e.phase().equals("cannot-move"))) {
        return;
      }
      String line =
          switch (e.phase()) {
            case "planned" ->
                "plan: " + e.vm() + " -> " + e.destination() + " (" + e.detail() + ")";
            case "cannot-move" -> "plan: " + e.vm() + " cannot move: " + e.detail();
            case "started" ->
                "[+" + seconds(e.atMs()) + "] " + e.vm() + " -> " + e.destination() + ": started";
            default ->
                "[+"
                    + seconds(e.atMs())
                    + "] "
                    + e.vm()
                    + " -> "
                    + e.destination()
                    + ": "
                    + e.phase()
                    + (e.detail().isEmpty() ? "" : " (" + e.detail() + ")");
          };
      out.println(line);
      out.flush();
    }
  }

  /** {@code --json}: one line per VM event. */
  record JsonLines(PrintWriter out) implements EventSink {
    @Override
    public void emit(Event event) {
      if (event instanceof Event.VmEvacuation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", e.phase());
        m.put("vm", e.vm());
        m.put("destination", e.destination().isEmpty() ? null : e.destination());
        m.put("at_ms", e.atMs());
        m.put("detail", e.detail());
        out.println(Json.compact(m));
        out.flush();
      }
    }
  }

  static void result(
      PrintWriter out, EvacuationResult r, Optional<String> operation, boolean json) {
    if (json) {
      out.println(Json.compact(jsonResult(r, operation)));
    } else {
      human(out, r, operation);
    }
    out.flush();
  }

  private static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  private static void human(PrintWriter out, EvacuationResult r, Optional<String> operation) {
    EvacuationPlan plan = r.plan();
    out.println();
    if (r.outcome() == EvacuationResult.Outcome.PLANNED) {
      out.println(
          "Plan for "
              + plan.source()
              + " (link "
              + Bandwidth.ofBytesPerSecond(plan.linkBytesPerSecond()).linkSpeed()
              + "), in this order:");
      for (Move m : plan.moves()) {
        out.println(
            "  "
                + m.vm()
                + " -> "
                + m.destination()
                + "  "
                + Plural.of(m.vfs(), "VF")
                + ", predicted "
                + seconds(m.predicted().totalMs())
                + " ("
                + seconds(m.predicted().totalLowMs())
                + " - "
                + seconds(m.predicted().totalHighMs())
                + "), downtime "
                + m.predicted().downtimeMs()
                + " ms");
      }
    } else {
      out.println("Where each VM is:");
      for (Moved m : r.migrations()) {
        out.println(
            "  "
                + m.vm()
                + " on "
                + m.where()
                + " ("
                + m.outcome()
                + m.downtimeMs().map(d -> ", downtime " + d + " ms").orElse("")
                + m.verified().map(v -> v ? ", verified" : ", NOT verified").orElse("")
                + ")"
                + (m.settled() || m.detail().isEmpty() ? "" : ": " + m.detail()));
      }
    }
    for (Stuck s : plan.stuck()) {
      out.println("  " + s.vm() + " stays on " + plan.source() + ": cannot move: " + s.reason());
      out.println("    fix: " + s.fix());
    }
    for (String vm : plan.notRunning()) {
      out.println("  " + vm + " stays on " + plan.source() + ": not running");
    }
    r.makespanMs()
        .ifPresent(
            m ->
                out.println(
                    "makespan "
                        + seconds(m)
                        + ", lower bound "
                        + seconds(r.lowerBoundMs())
                        + r.ratio()
                            .map(x -> String.format(Locale.ROOT, " (ratio %.2f)", x))
                            .orElse("")));
    if (r.noneBegan()) {
      out.println(
          "No migration began: cancelled before the first one started; nothing was changed.");
    } else if (r.makespanMs().isEmpty()) {
      out.println("lower bound " + seconds(r.lowerBoundMs()));
    }
    operation.ifPresent(id -> out.println("Journal: vfmigrate history " + id));
    out.println("Outcome: " + r.outcome().word());
  }

  private static Map<String, Object> jsonResult(EvacuationResult r, Optional<String> operation) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", "result");
    m.put("outcome", r.outcome().word());
    m.put("source", r.plan().source());
    m.put("operation", operation.orElse(null));
    List<Map<String, Object>> migrations = new ArrayList<>();
    Map<String, Move> planned = new LinkedHashMap<>();
    r.plan().moves().forEach(p -> planned.put(p.vm(), p));
    if (r.outcome() == EvacuationResult.Outcome.PLANNED) {
      for (Move p : r.plan().moves()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("vm", p.vm());
        x.put("destination", p.destination());
        x.put("outcome", "planned");
        x.put("started_ms", null);
        x.put("ended_ms", null);
        x.put("downtime_ms", null);
        x.put("vfs", p.vfs());
        x.put("predicted_total_ms", p.predicted().totalMs());
        x.put("predicted_downtime_ms", p.predicted().downtimeMs());
        migrations.add(x);
      }
    }
    for (Moved d : r.migrations()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("vm", d.vm());
      x.put("destination", d.destination());
      x.put("outcome", d.outcome());
      // A VM cancelled before its turn has no start or end.
      x.put("started_ms", d.began() ? d.startedMs() : null);
      x.put("ended_ms", d.began() ? d.endedMs() : null);
      x.put("downtime_ms", d.downtimeMs().orElse(null));
      x.put("total_time_ms", d.totalTimeMs().orElse(null));
      x.put("verified", d.verified().orElse(null));
      x.put("where", d.where());
      x.put("operation", d.operation().orElse(null));
      x.put("detail", d.detail());
      Move p = planned.get(d.vm());
      x.put("vfs", p == null ? null : p.vfs());
      x.put("predicted_total_ms", p == null ? null : p.predicted().totalMs());
      x.put("predicted_downtime_ms", p == null ? null : p.predicted().downtimeMs());
      migrations.add(x);
    }
    m.put("migrations", migrations);
    List<Map<String, Object>> stuck = new ArrayList<>();
    for (Stuck s : r.cannotMove()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("vm", s.vm());
      x.put("reason", s.reason());
      x.put("fix", s.fix());
      stuck.add(x);
    }
    m.put("cannot_move", stuck);
    m.put("not_running", r.plan().notRunning());
    m.put("makespan_ms", r.makespanMs().orElse(null));
    m.put("lower_bound_ms", r.lowerBoundMs());
    m.put("ratio", r.ratio().map(x -> Math.round(x * 1000) / 1000.0).orElse(null));
    m.put("link_bytes_per_second", r.plan().linkBytesPerSecond());
    return m;
  }
}
