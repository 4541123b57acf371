package io.vfmigrate.cli.report;

import java.util.List;

/**
 * A plot area inside an SVG: its x and y axes with ticks, grid lines, tick labels in the axes'
 * units and axis titles, and the mapping of data to pixels.
 */
final class Plot {
  static final int WIDTH = 1040;
  static final double LEFT = 78;
  static final double RIGHT = WIDTH - 170;

  private final Svg svg;
  private final double left;
  private final double top;
  private final double bottom;
  private final Axis x;
  private final Axis y;

  Plot(Svg svg, double top, double height, Axis x, Axis y) {
    this(svg, LEFT, top, height, x, y);
  }

  /** With the plot's left edge at {@code left} (room for row labels). */
  Plot(Svg svg, double left, double top, double height, Axis x, Axis y) {
    this.svg = svg;
    this.left = left;
    this.top = top;
    this.bottom = top + height;
    this.x = x;
    this.y = y;
  }

  double top() {
    return top;
  }

  double bottom() {
    return bottom;
  }

  Axis x() {
    return x;
  }

  double left() {
    return left;
  }

  double px(double raw) {
    return left + (RIGHT - left) * clamp(raw / x.max());
  }

  double py(double raw) {
    return bottom - (bottom - top) * clamp(raw / y.max());
  }

  private static double clamp(double f) {
    return Math.max(0, Math.min(1, f));
  }

  /** The frame, grid, ticks and labels; {@code xLabels} false leaves the time labels out. */
  Plot axes(String yTitle, String xTitle, boolean xLabels) {
    yAxis(yTitle);
    return xAxis(xTitle, xLabels);
  }

  /** The y axis: grid lines, ticks, labels and its title with the unit. */
  Plot yAxis(String yTitle) {
    for (double t : y.ticks()) {
      double py = py(t);
      svg.line(left, py, RIGHT, py, "grid");
      svg.line(left - 5, py, left, py, "axis");
      svg.text(left - 8, py + 4, "end", "tick", y.label(t));
    }
    svg.line(left, top, left, bottom, "axis");
    svg.verticalText(
        left - 56,
        (top + bottom) / 2,
        "axis-title",
        y.unit().isEmpty() ? yTitle : yTitle + " (" + y.unit() + ")");
    return this;
  }

  /** The x axis: grid lines and ticks, with labels and title when {@code labels}. */
  Plot xAxis(String xTitle, boolean labels) {
    for (double t : x.ticks()) {
      double px = px(t);
      svg.line(px, top, px, bottom, "grid");
      svg.line(px, bottom, px, bottom + 5, "axis");
      if (labels) {
        svg.text(px, bottom + 18, "middle", "tick", x.label(t));
      }
    }
    svg.line(left, bottom, RIGHT, bottom, "axis");
    if (labels) {
      svg.text(
          (left + RIGHT) / 2, bottom + 38, "middle", "axis-title", xTitle + " (" + x.unit() + ")");
    }
    return this;
  }

  /** A polyline through (x, y) points in raw units. */
  String path(List<double[]> points) {
    StringBuilder d = new StringBuilder();
    for (double[] p : points) {
      d.append(d.length() == 0 ? "M" : " L").append(Svg.num(px(p[0]))).append(' ');
      d.append(Svg.num(py(p[1])));
    }
    return d.toString();
  }

  /** A step line: each value holds until the next point's x, the last until {@code endX}. */
  String steps(List<double[]> points, double endX) {
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      double[] p = points.get(i);
      double next = i + 1 < points.size() ? points.get(i + 1)[0] : endX;
      d.append(d.length() == 0 ? "M" : " L").append(Svg.num(px(p[0]))).append(' ');
      d.append(Svg.num(py(p[1])));
      d.append(" L").append(Svg.num(px(next))).append(' ').append(Svg.num(py(p[1])));
    }
    return d.toString();
  }

  /** A legend entry at the right of the plot, {@code row} lines down. */
  void legend(int row, String swatchClass, String text) {
    double lx = RIGHT + 16;
    double ly = top + 8 + row * 20;
    svg.rect(lx, ly - 6, 18, 6, swatchClass, "");
    svg.text(lx + 24, ly, "start", "legend", text);
  }
}
