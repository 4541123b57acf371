package io.vfmigrate.workflow.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Calibrates the model's prediction on past migrations between the same two hosts. What the model
 * leaves out is mostly a cost of the host pair, not of the VM: libvirt's Begin and Prepare (about a
 * second on the real lab, where the destination QEMU starts under TCG, against the model's 200 ms),
 * a migration link slower than the PF's speed says, a loaded host. It shows in each past migration
 * as the difference between its actual figure and the model's own figure for it, both in the
 * journal. The prediction moves by the median difference of the last {@value #RUNS}; its range
 * widens to cover the smallest and the largest, and a fifth of the median further on either side:
 * the miss itself varies from run to run (on the real lab two runs in a row took 1685 and 1327 ms
 * against the same 238 ms of the model). Pure: no host, no journal.
 */
final class Calibration {
  /** How many past migrations between the pair calibrate a prediction. */
  static final int RUNS = 3;

  private Calibration() {}

  /**
   * One past migration between the pair: the model's own figures for it and what it took.
   *
   * @param downtimeMs empty when libvirt did not report it
   */
  record Past(long modelTotalMs, long modelDowntimeMs, long totalMs, Optional<Long> downtimeMs) {}

  /**
   * {@code model} moved by what the model missed in {@code past} (most recent first; at most
   * {@value #RUNS} are used); unchanged without any.
   *
   * @param between the two hosts as the basis names them, e.g. "src and dst"
   */
  static PredictedTimes apply(PredictedTimes model, List<Past> past, String between) {
    List<Past> used = past.subList(0, Math.min(RUNS, past.size()));
    if (used.isEmpty()) {
      return model;
    }
    List<Long> total = new ArrayList<>();
    List<Long> downtime = new ArrayList<>();
    for (Past p : used) {
      total.add(p.totalMs() - p.modelTotalMs());
      p.downtimeMs().ifPresent(d -> downtime.add(d - p.modelDowntimeMs()));
    }
    Shift t = Shift.of(total);
    Optional<Shift> d = downtime.isEmpty() ? Optional.empty() : Optional.of(Shift.of(downtime));
    long totalMs = atLeastOne(model.totalMs() + t.median());
    long downtimeMs =
        d.map(s -> atLeastOne(model.downtimeMs() + s.median())).orElse(model.downtimeMs());
    long downtimeLow =
        d.map(s -> atLeastOne(model.downtimeLowMs() + s.min())).orElse(model.downtimeLowMs());
    long downtimeHigh = d.map(s -> model.downtimeHighMs() + s.max()).orElse(model.downtimeHighMs());
    return new PredictedTimes(
        totalMs,
        Math.min(totalMs, atLeastOne(model.totalLowMs() + t.min())),
        Math.max(totalMs, model.totalHighMs() + t.max()),
        downtimeMs,
        Math.min(downtimeMs, downtimeLow),
        Math.max(downtimeMs, downtimeHigh),
        model.converges(),
        model.basis() + "; " + words(used.size(), between, t, d),
        model.modelTotalMs(),
        model.modelDowntimeMs());
  }

  private static String words(int runs, String between, Shift total, Optional<Shift> downtime) {
    String which = runs == 1 ? "the last migration" : "the last " + runs + " migrations (median)";
    return "calibrated on "
        + which
        + " between "
        + between
        + ": the model was "
        + missed(total.median())
        + " their total time"
        + downtime.map(s -> " and " + missed(s.median()) + " their downtime").orElse("");
  }

  private static String missed(long ms) {
    return ms >= 0 ? ms + " ms short of" : -ms + " ms over";
  }

  private static long atLeastOne(long ms) {
    return Math.max(1, ms);
  }

  /**
   * The median of what the model missed, and the range's bounds: the smallest and the largest miss,
   * a fifth of the median further out.
   */
  private record Shift(long median, long min, long max) {
    static Shift of(List<Long> misses) {
      List<Long> sorted = misses.stream().sorted().toList();
      int n = sorted.size();
      long median =
          n % 2 == 1
              ? sorted.get(n / 2)
              : Math.round((sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0);
      long pad = Math.abs(median) / 5;
      return new Shift(median, sorted.get(0) - pad, sorted.get(n - 1) + pad);
    }
  }
}
