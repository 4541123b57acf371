package io.vfmigrate.cli;

import io.vfmigrate.model.ByteSize;
import io.vfmigrate.workflow.event.Event;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Renders migration progress: on a terminal one line redrawn in place; elsewhere a line at each
 * tenth of the way, so logs stay short.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintWriter out;
  private final boolean terminal;
  private int lastDecile = -1;
  private boolean drawn;

  ProgressBar(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  void show(Event.Progress p) {
    double fraction =
        p.bytesTotal() <= 0 ? 0 : Math.min(1.0, (double) p.bytesDone() / p.bytesTotal());
    String line = line(p, fraction);
    if (terminal) {
      out.print("\r" + line);
      out.flush();
      drawn = true;
      return;
    }
    int decile = (int) (fraction * 10);
    if (decile != lastDecile) {
      lastDecile = decile;
      out.println(line);
    }
  }

  /** Ends the redrawn line so the next output starts on its own line. */
  void finish() {
    if (terminal && drawn) {
      out.println();
      drawn = false;
    }
  }

  static String line(Event.Progress p, double fraction) {
    int filled = (int) Math.round(fraction * WIDTH);
    return String.format(
        Locale.ROOT,
        "%-8s [%s%s] %5.1f%%  %s of %s (VF state %s)  %s/s  %ds",
        p.phase(),
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        fraction * 100,
        ByteSize.ofBytes(p.bytesDone()).pretty(),
        ByteSize.ofBytes(p.bytesTotal()).pretty(),
        ByteSize.ofBytes(p.deviceStateBytes()).pretty(),
        ByteSize.ofBytes(p.bytesPerSecond()).pretty(),
        p.elapsed().toSeconds());
  }
}
