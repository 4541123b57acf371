package io.vfmigrate.cli.report;

import java.util.Locale;

/** A small SVG writer: elements with attributes in a fixed order, text escaped. */
final class Svg {
  private final StringBuilder out = new StringBuilder();

  Svg(int width, int height, String label) {
    out.append("<svg viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\" aria-label=\"")
        .append(Html.escape(label))
        .append("\">\n");
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  Svg line(double x1, double y1, double x2, double y2, String cssClass) {
    out.append("<line x1=\"")
        .append(num(x1))
        .append("\" y1=\"")
        .append(num(y1))
        .append("\" x2=\"")
        .append(num(x2))
        .append("\" y2=\"")
        .append(num(y2))
        .append("\" class=\"")
        .append(cssClass)
        .append("\"/>\n");
    return this;
  }

  Svg rect(double x, double y, double w, double h, String cssClass, String title) {
    out.append("<rect x=\"")
        .append(num(x))
        .append("\" y=\"")
        .append(num(y))
        .append("\" width=\"")
        .append(num(Math.max(w, 0)))
        .append("\" height=\"")
        .append(num(Math.max(h, 0)))
        .append("\" class=\"")
        .append(cssClass)
        .append('"');
    if (title.isEmpty()) {
      out.append("/>\n");
    } else {
      out.append("><title>").append(Html.escape(title)).append("</title></rect>\n");
    }
    return this;
  }

  Svg text(double x, double y, String anchor, String cssClass, String text) {
    out.append("<text x=\"")
        .append(num(x))
        .append("\" y=\"")
        .append(num(y))
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\" class=\"")
        .append(cssClass)
        .append("\">")
        .append(Html.escape(text))
        .append("</text>\n");
    return this;
  }

  /** A rotated text (an axis title), centred on x, y. */
  Svg verticalText(double x, double y, String cssClass, String text) {
    out.append("<text transform=\"translate(")
        .append(num(x))
        .append(' ')
        .append(num(y))
        .append(") rotate(-90)\" text-anchor=\"middle\" class=\"")
        .append(cssClass)
        .append("\">")
        .append(Html.escape(text))
        .append("</text>\n");
    return this;
  }

  Svg path(String d, String cssClass) {
    out.append("<path d=\"").append(d).append("\" class=\"").append(cssClass).append("\"/>\n");
    return this;
  }

  String end() {
    return out.append("</svg>\n").toString();
  }
}
