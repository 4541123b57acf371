package io.vfmigrate.cli.report;

import io.vfmigrate.workflow.report.EvacuationFacts;
import io.vfmigrate.workflow.report.Lane;
import io.vfmigrate.workflow.report.Occupancy;
import java.util.ArrayList;
import java.util.List;

/**
 * An evacuation's migrations as bars on one time line (one row each, coloured by outcome), and
 * below it how many VFs migrated at once on the busiest PF, against the per-PF cap.
 */
final class GanttChart {
  static final double LEFT = 170;
  static final double TOP = 16;
  static final double ROW = 28;
  static final double CONCURRENCY_HEIGHT = 120;

  private GanttChart() {}

  static int height(EvacuationFacts e) {
    return (int) (TOP + ROW * Math.max(1, e.lanes().size()) + 30 + CONCURRENCY_HEIGHT + 50);
  }

  static double span(EvacuationFacts e) {
    double end = 0;
    for (Lane l : e.lanes()) {
      end = Math.max(end, l.endMs().orElse(l.startMs()));
    }
    for (Occupancy o : e.occupancy()) {
      end = Math.max(end, o.atMs());
    }
    return Math.max(end, 1);
  }

  static String svg(EvacuationFacts e) {
    Svg svg = new Svg(Plot.WIDTH, height(e), "Migrations of the evacuation over time");
    Axis time = Axis.millis(span(e), 10);
    double lanesHeight = ROW * Math.max(1, e.lanes().size());
    Plot bars = new Plot(svg, LEFT, TOP, lanesHeight, time, Axis.of(1, 1, 1, ""));
    bars.xAxis("time since the evacuation started", false);
    for (int i = 0; i < e.lanes().size(); i++) {
      Lane l = e.lanes().get(i);
      double y = TOP + i * ROW + 5;
      double x1 = bars.px(l.startMs());
      double x2 = bars.px(l.endMs().orElse((long) span(e)));
      String outcome = l.migration().outcome();
      svg.rect(
          x1,
          y,
          Math.max(2, x2 - x1),
          ROW - 10,
          "g-" + outcomeClass(outcome),
          l.migration().vm()
              + " to "
              + l.migration().destination()
              + ": "
              + outcome
              + ", "
              + Units.millis(l.endMs().orElse((long) span(e)) - l.startMs()));
      svg.text(
          LEFT - 10,
          y + ROW / 2,
          "end",
          "row-label",
          l.migration().vm() + " \u2192 " + l.migration().destination());
    }
    double top = TOP + lanesHeight + 30;
    Plot conc =
        new Plot(
            svg, LEFT, top, CONCURRENCY_HEIGHT, time, Axis.of(e.cap() + 1, e.cap() + 1, 1, ""));
    conc.axes("migrating VFs", "time since the evacuation started", true);
    double capY = conc.py(e.cap());
    svg.line(LEFT, capY, Plot.RIGHT, capY, "cap");
    svg.text(Plot.RIGHT - 4, capY - 5, "end", "cap-label", "cap: " + e.cap() + " per PF");
    List<double[]> points = new ArrayList<>();
    for (Occupancy o : e.occupancy()) {
      points.add(new double[] {o.atMs(), o.count()});
    }
    if (!points.isEmpty()) {
      svg.path(conc.steps(points, span(e)), "s-conc");
    }
    bars.legend(0, "k-migrated", "migrated");
    bars.legend(1, "k-rolled-back", "rolled back");
    bars.legend(2, "k-failed", "failed / other");
    conc.legend(0, "k-conc", "busiest PF");
    conc.legend(1, "k-cap", "per-PF cap");
    return svg.end();
  }

  static String outcomeClass(String outcome) {
    return switch (outcome) {
      case "migrated" -> "migrated";
      case "rolled-back" -> "rolled-back";
      case "unfinished" -> "unfinished";
      default -> "failed";
    };
  }
}
