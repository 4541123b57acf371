package io.vfmigrate.cli.report;

import io.vfmigrate.workflow.report.Figure;
import java.util.Locale;

/** Figures as a person reads them: MiB and GiB, ms and s; unknown is "unknown", never 0. */
public final class Units {
  private Units() {}

  public static String bytes(long b) {
    if (b >= Axis.GIB) {
      return String.format(Locale.ROOT, "%.2f GiB", (double) b / Axis.GIB);
    }
    if (b >= Axis.MIB) {
      return String.format(Locale.ROOT, "%.1f MiB", (double) b / Axis.MIB);
    }
    if (b >= 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
    return b + " B";
  }

  public static String millis(long ms) {
    if (Math.abs(ms) >= 10_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    if (Math.abs(ms) >= 1000) {
      return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
    }
    return ms + " ms";
  }

  public static String bytes(Figure f) {
    return f.value().map(Units::bytes).orElse("unknown");
  }

  public static String millis(Figure f) {
    return f.value().map(Units::millis).orElse("unknown");
  }
}
