package io.vfmigrate.cli.report;

import io.vfmigrate.workflow.report.MigrationFacts;
import io.vfmigrate.workflow.report.Pass;
import io.vfmigrate.workflow.report.Point;
import java.util.ArrayList;
import java.util.List;

/**
 * RAM and VF device-state bytes sent over time, in two panels on one time axis, with the pre-copy
 * passes marked and the switchover (its downtime shaded, or a dashed line when the downtime is
 * unknown).
 */
final class TransferChart {
  static final double RAM_TOP = 20;
  static final double RAM_HEIGHT = 230;
  static final double DEVICE_TOP = RAM_TOP + RAM_HEIGHT + 34;
  static final double DEVICE_HEIGHT = 130;
  static final int HEIGHT = (int) (DEVICE_TOP + DEVICE_HEIGHT + 50);

  /** Pass labels closer than this (px) to the previous one are left out; the line stays. */
  static final double PASS_LABEL_GAP = 54;

  private TransferChart() {}

  /** The time the chart spans: the transfer's total, or the last sample when that is later. */
  static double span(MigrationFacts m) {
    double last = m.points().stream().mapToLong(Point::elapsedMs).max().orElse(0);
    return Math.max(last, m.totalTimeMs().value().orElse(0L));
  }

  static String svg(MigrationFacts m) {
    List<Point> points = m.points();
    Axis time = Axis.millis(Math.max(span(m), 1), 10);
    double ramMax = points.stream().mapToLong(Point::ramBytes).max().orElse(0);
    double deviceMax = points.stream().mapToLong(Point::deviceStateBytes).max().orElse(0);
    Svg svg =
        new Svg(Plot.WIDTH, HEIGHT, "RAM and VF device-state bytes sent over time, " + m.vm());
    Plot ram = new Plot(svg, RAM_TOP, RAM_HEIGHT, time, Axis.bytes(Math.max(ramMax, 1), 6));
    Plot device =
        new Plot(svg, DEVICE_TOP, DEVICE_HEIGHT, time, Axis.bytes(Math.max(deviceMax, 1), 4));
    ram.axes("RAM in sync", "time since the transfer started", false);
    device.axes("VF state", "time since the transfer started", true);
    passes(svg, ram, device, m.passes());
    switchover(svg, ram, device, m);
    List<double[]> sent = new ArrayList<>();
    List<double[]> state = new ArrayList<>();
    for (Point p : points) {
      sent.add(new double[] {p.elapsedMs(), p.ramBytes()});
      state.add(new double[] {p.elapsedMs(), p.deviceStateBytes()});
    }
    if (!points.isEmpty()) {
      svg.path(ram.path(sent), "s-ram");
      svg.path(device.path(state), "s-dev");
    } else {
      svg.text(
          (Plot.LEFT + Plot.RIGHT) / 2,
          RAM_TOP + RAM_HEIGHT / 2,
          "middle",
          "note",
          "no progress samples in the journal: the transfer never reported progress");
    }
    ram.legend(0, "k-ram", "RAM in sync");
    ram.legend(1, "k-pass", "pre-copy pass");
    ram.legend(2, "k-switch", "switchover");
    device.legend(0, "k-dev", "VF device state");
    return svg.end();
  }

  private static void passes(Svg svg, Plot ram, Plot device, List<Pass> passes) {
    double lastLabel = -1e9;
    for (Pass p : passes) {
      double x = ram.px(p.startMs());
      svg.line(x, ram.top(), x, ram.bottom(), "pass");
      svg.line(x, device.top(), x, device.bottom(), "pass");
      if (x - lastLabel >= PASS_LABEL_GAP) {
        svg.text(x + 3, ram.top() + 12, "start", "pass-label", "pass " + p.iteration());
        lastLabel = x;
      }
    }
  }

  private static void switchover(Svg svg, Plot ram, Plot device, MigrationFacts m) {
    if (m.switchover().atMs().isEmpty()) {
      return;
    }
    long at = m.switchover().atMs().get();
    double x = ram.px(at);
    if (m.switchover().downtimeMs().value().isPresent()) {
      double x2 = ram.px(at + m.switchover().downtimeMs().value().get());
      double w = Math.max(3, x2 - x);
      svg.rect(
          x,
          ram.top(),
          w,
          device.bottom() - ram.top(),
          "switch",
          "switchover: downtime " + Units.millis(m.switchover().downtimeMs()));
      svg.text(x - 4, ram.top() + 28, "end", "switch-label", "switchover");
      svg.text(
          x - 4,
          ram.top() + 44,
          "end",
          "switch-label",
          "downtime " + Units.millis(m.switchover().downtimeMs()));
    } else {
      svg.line(x, ram.top(), x, device.bottom(), "switch-unknown");
      svg.text(x - 4, ram.top() + 28, "end", "switch-label", "switchover");
      svg.text(x - 4, ram.top() + 44, "end", "switch-label", "downtime unknown");
    }
  }
}
