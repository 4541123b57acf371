package io.vfmigrate.cli;

import io.vfmigrate.model.ByteSize;
import io.vfmigrate.workflow.event.Event;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Renders migration progress: on a terminal one line redrawn in place (a carriage return, no line
 * end until the bar is done); elsewhere a line at each tenth of the way, so logs stay short. A
 * sample before the job has started (phase {@code none}: its total is only the VF state) is not
 * drawn, and a transfer that completed is drawn at 100%.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private static final String NOT_STARTED = "none";

  private final PrintWriter out;
  private final boolean terminal;
  private int lastDecile = -1;
  private int drawnWidth;
  private Event.Progress last;

  ProgressBar(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  void show(Event.Progress p) {
    if (NOT_STARTED.equals(p.phase())) {
      return;
    }
    last = p;
    double fraction = fraction(p.bytesDone(), p.bytesTotal());
    draw(line(p, fraction), (int) (fraction * 10));
  }

  private void draw(String line, int decile) {
    if (terminal) {
      // Spaces cover what is left of a longer line drawn before.
      out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
      out.flush();
      drawnWidth = line.length();
      return;
    }
    if (decile != lastDecile) {
      lastDecile = decile;
      out.println(line);
      out.flush();
    }
  }

  /** The transfer completed: the bar is drawn full, once, and the line ended. */
  void complete() {
    if (last != null) {
      Event.Progress p = last;
      long total = Math.max(p.bytesTotal(), p.bytesDone());
      draw(
          line(
              new Event.Progress(
                  "completed", total, total, p.deviceStateBytes(), p.bytesPerSecond(), p.elapsed()),
              1.0),
          10);
    }
    stop();
  }

  /** The bar is over, complete or not: the next sample starts a new one. */
  void stop() {
    last = null;
    lastDecile = -1;
    finish();
  }

  /** Ends the redrawn line so the next output starts on its own line. */
  void finish() {
    if (terminal && drawnWidth > 0) {
      out.println();
      out.flush();
    }
    drawnWidth = 0;
  }

  /** Whether a bar has been drawn since the last {@link #stop()}. */
  boolean active() {
    return last != null;
  }

  /**
   * How far a running transfer is, below 100% until it completes: pages the guest dirtied again are
   * sent again, so the bytes sent can reach the total before the end.
   */
  static double fraction(long done, long total) {
    return total <= 0 ? 0 : Math.min(0.999, (double) done / total);
  }

  static String line(Event.Progress p, double fraction) {
    int filled = (int) Math.round(fraction * WIDTH);
    return String.format(
        Locale.ROOT,
        "%-9s [%s%s] %5.1f%%  %s of %s (VF state %s)  %s/s  %ds",
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
