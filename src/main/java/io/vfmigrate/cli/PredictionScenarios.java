package io.vfmigrate.cli;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.machine.BenchLab;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.workflow.migrate.MigrationOutcome;
import io.vfmigrate.workflow.migrate.MigrationResult;
import io.vfmigrate.workflow.migrate.PredictedTimes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lab bench --predictions}: how close {@code migrate --dry-run}'s prediction comes to the
 * migration that follows it, over RAM sizes, dirty rates, links, 0/1/2/4 VFs and multifd on or off.
 * Each scenario is a fresh in-memory lab of the multifd pair ({@link BenchLab#multifdPair}): the
 * dry run measures the dirty rate ({@code virsh domdirtyrate-calc}) and reads the link's speed from
 * the PF, as on real hosts; then the same VM migrates (without verification) and its total time and
 * downtime are compared with the prediction. The error is (predicted - actual) / actual.
 */
final class PredictionScenarios {
  /** The bound the prediction should keep to, on both figures. */
  static final double MAX_ERROR = 0.25;

  private PredictionScenarios() {}

  /**
   * One scenario's inputs; {@code precopy} and {@code stopcopy}, when set, are each VF's device
   * state in the lab, which the dry run does not know (it assumes a ConnectX-7 VF's 300 MB).
   */
  record Inputs(
      String name,
      int vfs,
      String memory,
      String dirtyRate,
      String link,
      boolean multifd,
      String precopy,
      String stopcopy) {
    Inputs(String name, int vfs, String memory, String dirtyRate, String link, boolean multifd) {
      this(name, vfs, memory, dirtyRate, link, multifd, null, null);
    }
  }

  /** One scenario's prediction beside what the migration did. */
  record Outcome(
      Inputs in,
      long predictedTotalMs,
      long totalMs,
      long predictedDowntimeMs,
      long downtimeMs,
      int channels) {
    double totalError() {
      return error(predictedTotalMs, totalMs);
    }

    double downtimeError() {
      return error(predictedDowntimeMs, downtimeMs);
    }

    boolean within() {
      return Math.abs(totalError()) <= MAX_ERROR && Math.abs(downtimeError()) <= MAX_ERROR;
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", in.name());
      m.put("vfs", in.vfs());
      m.put("memory", in.memory());
      m.put("dirty_rate", in.dirtyRate());
      m.put("link", in.link());
      m.put("parallel_connections", channels);
      m.put("predicted_total_ms", predictedTotalMs);
      m.put("total_ms", totalMs);
      m.put("total_error", round(totalError()));
      m.put("predicted_downtime_ms", predictedDowntimeMs);
      m.put("downtime_ms", downtimeMs);
      m.put("downtime_error", round(downtimeError()));
      return m;
    }
  }

  static final List<Inputs> SCENARIOS =
      List.of(
          new Inputs("1vf-8gib-100g", 1, "8GiB", "200MiB/s", "100Gbit/s", true),
          new Inputs("4vf-8gib-100g", 4, "8GiB", "200MiB/s", "100Gbit/s", true),
          new Inputs("2vf-16gib-100g-1gib", 2, "16GiB", "1GiB/s", "100Gbit/s", true),
          new Inputs("1vf-4gib-25g-500mib", 1, "4GiB", "500MiB/s", "25Gbit/s", true),
          new Inputs("1vf-32gib-25g-single", 1, "32GiB", "200MiB/s", "25Gbit/s", false),
          new Inputs("2vf-2gib-10g-single", 2, "2GiB", "100MiB/s", "10Gbit/s", false),
          new Inputs("0vf-8gib-10g-single", 0, "8GiB", "300MiB/s", "10Gbit/s", false),
          new Inputs("4vf-64gib-100g-2gib", 4, "64GiB", "2GiB/s", "100Gbit/s", true),
          new Inputs("1vf-8gib-10g-800mib", 1, "8GiB", "800MiB/s", "10Gbit/s", true),
          // Szmigiero's VFs: ~100 MiB of state each, a third of what the dry run assumes.
          new Inputs(
              "4vf-15gib-100g-100mib",
              4,
              "15GiB",
              "200MiB/s",
              "100Gbit/s",
              true,
              "90MiB",
              "10MiB"));

  static List<Outcome> run() {
    return SCENARIOS.stream().map(PredictionScenarios::run).toList();
  }

  static Outcome run(Inputs in) {
    LabSpec spec =
        BenchLab.withLoad(
            BenchLab.multifdPair(LabStore.defaultSpec(), in.memory()), in.dirtyRate(), in.link());
    if (in.precopy() != null) {
      BenchLab.withDeviceState(spec, in.precopy(), in.stopcopy());
    }
    Fleet fleet = BenchScenarios.ready(spec, in.vfs());
    MigrationResult plan = BenchScenarios.migrateVm1(fleet, true, !in.multifd());
    PredictedTimes predicted =
        plan.tuning()
            .prediction()
            .orElseThrow(
                () -> new IllegalStateException(in.name() + ": the dry run predicted none"));
    MigrationResult r = BenchScenarios.migrateVm1(fleet, false, !in.multifd());
    if (r.outcome() != MigrationOutcome.MIGRATED) {
      throw new IllegalStateException(
          "prediction scenario " + in.name() + " did not migrate: " + r.error().orElse(""));
    }
    return new Outcome(
        in,
        predicted.totalMs(),
        r.totalTimeMs(),
        predicted.downtimeMs(),
        r.downtimeMs().orElseThrow(() -> new IllegalStateException(in.name() + ": no downtime")),
        r.tuning().parallelConnections());
  }

  private static double error(long predicted, long actual) {
    return actual <= 0 ? 0 : (predicted - actual) / (double) actual;
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
