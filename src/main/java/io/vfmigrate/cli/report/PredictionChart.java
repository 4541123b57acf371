package io.vfmigrate.cli.report;

import io.vfmigrate.workflow.journal.PredictionRecord;
import io.vfmigrate.workflow.report.Figure;
import io.vfmigrate.workflow.report.MigrationFacts;

/**
 * Prediction against actual: for the total time and for the downtime, the predicted value as a bar
 * with its range as a whisker, and the measured value as a bar below it (or "unknown" and why).
 */
final class PredictionChart {
  static final double ROW = 26;
  static final double PANEL = ROW * 2 + 60;
  static final int HEIGHT = (int) (PANEL * 2 + 10);
  static final double LEFT = 170;

  private PredictionChart() {}

  static String svg(MigrationFacts m, PredictionRecord p) {
    Svg svg = new Svg(Plot.WIDTH, HEIGHT, "Prediction against actual, " + m.vm());
    panel(svg, 10, "total time", p.totalMs(), p.totalLowMs(), p.totalHighMs(), m.totalTimeMs());
    panel(
        svg,
        10 + PANEL,
        "downtime",
        p.downtimeMs(),
        p.downtimeLowMs(),
        p.downtimeHighMs(),
        m.switchover().downtimeMs());
    return svg.end();
  }

  private static void panel(
      Svg svg, double top, String what, long predicted, long low, long high, Figure actual) {
    double max = Math.max(Math.max(predicted, high), actual.value().orElse(0L));
    Plot plot =
        new Plot(
            svg, LEFT, top, ROW * 2 + 8, Axis.millis(Math.max(max, 1), 8), Axis.of(1, 1, 1, ""));
    plot.xAxis(what, true);
    double y1 = top + 6;
    svg.rect(LEFT, y1, plot.px(predicted) - LEFT, ROW - 8, "b-pred", "predicted " + what);
    double mid = y1 + (ROW - 8) / 2;
    svg.line(plot.px(low), mid, plot.px(high), mid, "whisker");
    svg.line(plot.px(low), mid - 6, plot.px(low), mid + 6, "whisker");
    svg.line(plot.px(high), mid - 6, plot.px(high), mid + 6, "whisker");
    svg.text(LEFT - 10, mid + 4, "end", "row-label", "predicted " + what);
    svg.text(
        plot.px(high) + 8,
        mid + 4,
        "start",
        "value",
        Units.millis(predicted) + " (" + Units.millis(low) + " to " + Units.millis(high) + ")");
    double y2 = y1 + ROW;
    double mid2 = y2 + (ROW - 8) / 2;
    svg.text(LEFT - 10, mid2 + 4, "end", "row-label", "actual " + what);
    if (actual.value().isPresent()) {
      long a = actual.value().get();
      svg.rect(LEFT, y2, plot.px(a) - LEFT, ROW - 8, "b-actual", "actual " + what);
      svg.text(plot.px(a) + 8, mid2 + 4, "start", "value", Units.millis(a));
    } else {
      svg.text(LEFT + 4, mid2 + 4, "start", "unknown", "unknown: " + actual.whyUnknown());
    }
  }
}
