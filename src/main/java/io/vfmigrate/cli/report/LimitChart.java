package io.vfmigrate.cli.report;

import io.vfmigrate.workflow.journal.DowntimeLimit;
import io.vfmigrate.workflow.report.MigrationFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * The downtime limit over time as a step line (QEMU's at the start, then each raise of the
 * switchover policy), against the measured downtime when it is known.
 */
final class LimitChart {
  static final double TOP = 16;
  static final double HEIGHT_PLOT = 150;
  static final int HEIGHT = (int) (TOP + HEIGHT_PLOT + 50);

  /** Raise labels closer than this (px) to the previous one are left out; the step stays. */
  static final double LABEL_GAP = 56;

  private LimitChart() {}

  static String svg(MigrationFacts m) {
    List<DowntimeLimit> limits = m.downtimeLimits();
    double end = Math.max(TransferChart.span(m), 1);
    double top = limits.stream().mapToLong(DowntimeLimit::limitMs).max().orElse(0);
    double downtime = m.switchover().downtimeMs().value().orElse(0L);
    Svg svg = new Svg(Plot.WIDTH, HEIGHT, "Downtime limit over time, " + m.vm());
    Plot plot =
        new Plot(
            svg,
            TOP,
            HEIGHT_PLOT,
            Axis.millis(end, 10),
            Axis.of(Math.max(Math.max(top, downtime) * 1.1, 1), 4, 1, "ms"));
    plot.axes("downtime", "time since the transfer started", true);
    List<double[]> steps = new ArrayList<>();
    for (DowntimeLimit l : limits) {
      steps.add(new double[] {l.elapsedMs(), l.limitMs()});
    }
    svg.path(plot.steps(steps, end), "s-limit");
    double lastLabel = -1e9;
    for (int i = 1; i < limits.size(); i++) {
      DowntimeLimit l = limits.get(i);
      double x = plot.px(l.elapsedMs());
      if (x - lastLabel >= LABEL_GAP) {
        svg.text(x + 3, plot.py(l.limitMs()) - 6, "start", "limit-label", l.limitMs() + " ms");
        lastLabel = x;
      }
    }
    plot.legend(0, "k-limit", "downtime limit");
    if (m.switchover().downtimeMs().value().isPresent()) {
      double y = plot.py(downtime);
      svg.line(Plot.LEFT, y, Plot.RIGHT, y, "measured");
      plot.legend(1, "k-measured", "downtime taken");
    }
    return svg.end();
  }
}
